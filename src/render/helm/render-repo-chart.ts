import os from 'node:os';
import path from 'node:path';
import type { ResolvedApplication } from '../../core/application/application.js';
import { RenderError } from '../../core/errors.js';
import type { FetchBound } from '../../core/project/check-fetch.js';
import type { Manifest } from '../../core/model/manifest.js';
import type { Revision } from '../../core/model/revision.js';
import { loadChartArchive } from './chart/load-dir.js';
import { readFile } from 'node:fs/promises';
import { helmUserValues, renderChartObjects } from './helm-renderer.js';
import type { ClusterReader } from './lookup.js';
import type { LookupFunction } from './render/render-chart.js';
import { pullChart } from './repo/pull-chart.js';

/** True when the app's source is a chart of a Helm repository (`chart`) or an OCI registry. */
export function isChartRepoSource(source: ResolvedApplication['source']): boolean {
  return source.chart !== undefined || source.repoURL.startsWith('oci://');
}

/**
 * Renders an app whose source is a chart in a Helm repository or an OCI registry: the version
 * `targetRevision` picks is pulled (or found in the cache by digest) and rendered with the app's
 * `spec.source.helm` (inline values and parameters; value files need a Git source). The revision
 * recorded is the archive's digest, with the chart and version as its message.
 */
export async function renderRepoChartApp(
  app: ResolvedApplication,
  options: {
    cacheDir?: string;
    lookup?: LookupFunction;
    clusterReader?: ClusterReader;
    /** Reads `$ref/path` value files of spec.sources' ref sources. */
    readRefFile?: (ref: string, file: string) => Promise<string | undefined>;
    /** The app's project's bound on what is fetched besides the repository (an archive on another host). */
    fetchBound?: FetchBound;
  } = {},
): Promise<{ revision: Revision; objects: Manifest[] }> {
  const cacheDir = options.cacheDir ?? path.join(process.env.TIDEWAY_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'tideway'), 'helm');
  const pulled = await pullChart({
    repoURL: app.source.repoURL,
    chart: app.source.chart,
    version: app.source.targetRevision,
    cacheDir,
    fetchBound: options.fetchBound,
  });
  const chart = await loadChartArchive(await readFile(pulled.path), `${app.source.chart ?? app.source.repoURL}-${pulled.version}.tgz`);
  const helm = app.source.helm;
  // The chart is an archive: value files can only come from a Git repository named by $ref (spec.sources).
  const local = (helm?.valueFiles ?? []).filter((f) => !f.startsWith('$'));
  if (local.length > 0 || (helm?.fileParameters.length ?? 0) > 0)
    throw new RenderError(
      `spec.source.helm.valueFiles (${local.join(', ') || 'fileParameters'}) and fileParameters need the chart in Git; value files of another repository are named $ref/path with a ref source in spec.sources`,
      { code: 'InvalidApplication' },
    );
  const values = await helmUserValues(os.tmpdir(), os.tmpdir(), helm, options.readRefFile);
  const rendered = await renderChartObjects(
    chart,
    {
      root: '/',
      path: '.',
      helm,
      appName: app.name,
      destinationNamespace: app.destination.namespace,
      lookup: options.lookup,
      clusterReader: options.clusterReader,
    },
    values,
  );
  const revision: Revision = { sha: pulled.digest.replace(/^sha256:/, ''), message: `${chart.metadata.name} ${pulled.version}` };
  return { revision, objects: rendered.map((r) => r.object) };
}
