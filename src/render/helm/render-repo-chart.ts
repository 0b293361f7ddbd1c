import os from 'node:os';
import path from 'node:path';
import type { ResolvedApplication } from '../../core/application/application.js';
import { RenderError } from '../../core/errors.js';
import type { Manifest } from '../../core/model/manifest.js';
import type { Revision } from '../../core/model/revision.js';
import { loadChartArchive } from './chart/load-dir.js';
import { readFile } from 'node:fs/promises';
import { renderChartObjects } from './helm-renderer.js';
import type { LookupFunction } from './render/render-chart.js';
import { pullChart } from './repo/pull-chart.js';
import type { UserValues } from './values/user-values.js';

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
  options: { cacheDir?: string; lookup?: LookupFunction } = {},
): Promise<{ revision: Revision; objects: Manifest[] }> {
  const cacheDir = options.cacheDir ?? path.join(process.env.TIDEWAY_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'tideway'), 'helm');
  const pulled = await pullChart({ repoURL: app.source.repoURL, chart: app.source.chart, version: app.source.targetRevision, cacheDir });
  const chart = await loadChartArchive(await readFile(pulled.path), `${app.source.chart ?? app.source.repoURL}-${pulled.version}.tgz`);
  const helm = app.source.helm;
  if (helm && (helm.valueFiles.length > 0 || helm.fileParameters.length > 0))
    throw new RenderError('spec.source.helm.valueFiles and fileParameters need the chart in Git or a $ref source (spec.sources)', {
      code: 'InvalidApplication',
    });
  const escapeSet = (s: string) => s.replace(/[\\,]/g, '\\$&');
  const values: UserValues = {
    valueFiles: [
      ...(helm?.values !== undefined ? [{ name: 'spec.source.helm.values', text: helm.values }] : []),
      ...(helm?.valuesObject !== undefined ? [{ name: 'spec.source.helm.valuesObject', text: JSON.stringify(helm.valuesObject) }] : []),
    ],
    set: (helm?.parameters ?? []).filter((p) => !p.forceString).map((p) => `${p.name}=${escapeSet(p.value)}`),
    setString: (helm?.parameters ?? []).filter((p) => p.forceString).map((p) => `${p.name}=${escapeSet(p.value)}`),
  };
  const rendered = await renderChartObjects(
    chart,
    { root: '/', path: '.', helm, appName: app.name, destinationNamespace: app.destination.namespace, lookup: options.lookup },
    values,
  );
  const revision: Revision = { sha: pulled.digest.replace(/^sha256:/, ''), message: `${chart.metadata.name} ${pulled.version}` };
  return { revision, objects: rendered.map((r) => r.object) };
}
