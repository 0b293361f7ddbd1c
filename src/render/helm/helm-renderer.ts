import path from 'node:path';
import type { HelmSourceOptions } from '../../core/application/resolve-helm-source.js';
import { RenderError } from '../../core/errors.js';
import type { RenderedObject } from '../../core/model/manifest.js';
import { readFileInside, resolveInside } from '../../fs/confined-fs.js';
import { parseManifests } from '../parse-manifests.js';
import type { Renderer, RenderInput } from '../renderer.js';
import type { Chart } from './chart/chart.js';
import { loadChartDir } from './chart/load-dir.js';
import { renderChart } from './index.js';
import { type ClusterReader, type LookupPolicy, renderWithLookup } from './lookup.js';
import type { HelmTemplateOptions, HelmTemplateResult, LookupFunction } from './render/render-chart.js';
import type { UserValues } from './values/user-values.js';

/** What a Helm render needs beyond the directory: the app's Helm options and release defaults. */
export interface HelmRenderInput extends RenderInput {
  helm?: HelmSourceOptions;
  /** The release name when `helm.releaseName` is absent (Argo CD uses the app's name). */
  appName?: string;
  /** The release namespace when `helm.namespace` is absent: the destination namespace. */
  destinationNamespace?: string;
  /** Reads a `$ref/path` value file of another source (spec.sources). */
  readRefFile?: (ref: string, file: string) => Promise<string | undefined>;
  lookup?: LookupFunction;
  /**
   * With `spec.source.helm.lookup: true`: reads the destination cluster for `lookup` (read-only, only
   * `lookupPolicy`'s namespaces, Secrets only when it allows them). The engine passes it; without it
   * `lookup` finds nothing, as `helm template` does.
   */
  clusterReader?: ClusterReader;
  lookupPolicy?: LookupPolicy;
}

/**
 * The user values of an app's `spec.source.helm`, in Argo CD's order: value files (relative to the
 * chart, read inside the checkout; `$ref/...` from another source), then `values`, then
 * `valuesObject`, then `parameters` (`--set`, `--set-string` when forceString) and `fileParameters`.
 */
export async function helmUserValues(
  root: string,
  chartDir: string,
  helm: HelmSourceOptions | undefined,
  readRefFile?: HelmRenderInput['readRefFile'],
): Promise<UserValues> {
  const valueFiles: { name: string; text: string }[] = [];
  for (const f of helm?.valueFiles ?? []) {
    const ref = /^\$([A-Za-z0-9_-]+)\/(.*)$/.exec(f);
    let text: string | undefined;
    if (ref) {
      if (!readRefFile)
        throw new RenderError(`spec.source.helm.valueFiles: ${f} names a source by $ref, but there is no spec.sources with ref ${ref[1]}`);
      text = await readRefFile(ref[1], ref[2]);
    } else {
      text = await readFileInside(root, f, { base: chartDir })
        .then((r) => r.text)
        .catch((e: unknown) => {
          if (helm?.ignoreMissingValueFiles && /no such file/.test((e as Error).message)) return undefined;
          throw e;
        });
    }
    if (text === undefined) {
      if (helm?.ignoreMissingValueFiles) continue;
      throw new RenderError(`spec.source.helm.valueFiles: ${f} does not exist`, { file: f });
    }
    valueFiles.push({ name: f, text });
  }
  if (helm?.values !== undefined) valueFiles.push({ name: 'spec.source.helm.values', text: helm.values });
  if (helm?.valuesObject !== undefined) valueFiles.push({ name: 'spec.source.helm.valuesObject', text: JSON.stringify(helm.valuesObject) });
  const escapeSet = (s: string) => s.replace(/[\\,]/g, '\\$&');
  const set = (helm?.parameters ?? []).filter((p) => !p.forceString).map((p) => `${p.name}=${escapeSet(p.value)}`);
  const setString = (helm?.parameters ?? []).filter((p) => p.forceString).map((p) => `${p.name}=${escapeSet(p.value)}`);
  const files = new Map<string, string>();
  for (const p of helm?.fileParameters ?? []) files.set(p.path, (await readFileInside(root, p.path, { base: chartDir })).text);
  const setFile = (helm?.fileParameters ?? []).map((p) => `${p.name}=${escapeSet(p.path)}`);
  return { valueFiles, set, setString, setFile, readFile: (p) => files.get(p) ?? '' };
}

/** The options `helm template` gets for an app. */
export function helmTemplateOptions(input: HelmRenderInput, values: UserValues): HelmTemplateOptions {
  const helm = input.helm;
  return {
    releaseName: helm?.releaseName ?? input.appName ?? 'release-name',
    namespace: helm?.namespace ?? input.destinationNamespace ?? 'default',
    values,
    kubeVersion: helm?.kubeVersion,
    apiVersions: helm?.apiVersions,
    includeCrds: !(helm?.skipCrds ?? false),
    skipTests: helm?.skipTests ?? false,
    lookup: input.lookup,
  };
}

/** The rendered documents as objects, each with its template as origin. */
export function objectsOf(result: HelmTemplateResult, includeCrds: boolean, skipTests: boolean): RenderedObject[] {
  const decoder = new TextDecoder();
  const out: RenderedObject[] = [];
  if (includeCrds) for (const crd of result.crds) out.push(...parseManifests(decoder.decode(crd.data), crd.filename));
  const hooks = result.hooks.filter((h) => !(skipTests && h.events.includes('test')));
  for (const m of [...result.manifests, ...hooks]) out.push(...parseManifests(m.content, m.name));
  return out;
}

/** Renders a loaded chart for an app and returns its objects; errors name the chart. */
export async function renderChartObjects(chart: Chart, input: HelmRenderInput, values: UserValues): Promise<RenderedObject[]> {
  const options = helmTemplateOptions(input, values);
  let result: HelmTemplateResult;
  try {
    const reader = input.helm?.lookup ? input.clusterReader : undefined;
    result = reader
      ? await renderWithLookup(
          (lookup) => renderChart(chart, { ...options, lookup }),
          reader,
          input.lookupPolicy ?? { namespaces: new Set([options.namespace ?? 'default']), allowSecrets: false },
        )
      : await renderChart(chart, options);
  } catch (cause) {
    if (cause instanceof RenderError) throw cause;
    throw new RenderError(`helm chart ${chart.metadata.name}: ${(cause as Error).message}`, { file: input.path, cause });
  }
  return objectsOf(result, options.includeCrds === true, options.skipTests === true);
}

/** A Renderer for a chart directory in a checkout (`spec.source.path` holding a Chart.yaml). */
export function createHelmRenderer(): Renderer {
  return {
    async render(input: RenderInput): Promise<RenderedObject[]> {
      const hin = input as HelmRenderInput;
      const rel = input.path === '' ? '.' : input.path;
      const dir = await resolveInside(input.root, rel);
      let chart: Chart;
      try {
        chart = await loadChartDir(dir, { root: input.root });
      } catch (cause) {
        const file = (cause as { file?: string }).file;
        throw new RenderError(`${path.join(rel, file ?? '')}: ${(cause as Error).message}`, {
          file: file ? path.join(rel, file) : rel,
          cause,
        });
      }
      const values = await helmUserValues(input.root, dir, hin.helm, hin.readRefFile);
      return renderChartObjects(chart, hin, values);
    },
  };
}
