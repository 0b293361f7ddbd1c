import { existsSync } from 'node:fs';
import path from 'node:path';
import { RenderError } from '../../core/errors.js';
import { describeViolations } from '../../core/project/project-violation.js';
import type { KustLoader } from './kust-loader.js';
import type { Kustomization } from './kustomization.js';

/**
 * `helmCharts` in a kustomization (kustomize's HelmChartInflationGenerator), rendered by Tideway's
 * own Helm renderer instead of a `helm` binary. A chart is read from `<chartHome>/<name>` (chartHome
 * from `helmGlobals.chartHome`, default `charts`, relative to the kustomization; `<name>-<version>`
 * first when a version is given), else pulled from `repo` (https:// or oci://) into the cache.
 * Values: the chart's own, or `valuesFile`, combined with `valuesInline` as `valuesMerge` says
 * (override: inline wins, the default; merge: the file wins; replace: inline only), then
 * `additionalValuesFiles`. Returns `helm template`'s output for each chart, in order.
 */
interface HelmChartArgs {
  name?: string;
  version?: string;
  repo?: string;
  releaseName?: string;
  namespace?: string;
  valuesFile?: string;
  valuesInline?: Record<string, unknown>;
  valuesMerge?: 'override' | 'merge' | 'replace';
  additionalValuesFiles?: string[];
  includeCRDs?: boolean;
  skipTests?: boolean;
  skipHooks?: boolean;
  apiVersions?: string[];
  kubeVersion?: string;
}

export async function inflateHelmCharts(k: Kustomization, ldr: KustLoader, file: string): Promise<{ text: string; file: string }[]> {
  const charts = (k.helmCharts ?? []) as HelmChartArgs[];
  if (charts.length === 0) return [];
  const globals = (k.helmGlobals ?? {}) as { chartHome?: string };
  const chartHome = globals.chartHome ?? 'charts';
  const helm = await import('../helm/index.js');
  const { mergeMaps } = await import('../helm/values/user-values.js');
  const { readValues } = await import('../helm/chart/go-yaml.js');
  const out: { text: string; file: string }[] = [];
  for (const [i, c] of charts.entries()) {
    const field = `${file}: helmCharts[${i}]`;
    if (!c || typeof c.name !== 'string' || c.name === '') throw new RenderError(`${field}.name: is required`, { file });
    const candidates = [c.version ? `${chartHome}/${c.name}-${c.version}` : undefined, `${chartHome}/${c.name}`].filter(
      (p): p is string => !!p,
    );
    let chartDir: string | undefined;
    for (const rel of candidates) {
      const abs = path.resolve(ldr.root, rel);
      if (existsSync(path.join(abs, 'Chart.yaml'))) {
        chartDir = abs;
        break;
      }
    }
    let chart: Awaited<ReturnType<typeof helm.loadChart>>;
    try {
      if (chartDir) chart = await helm.loadChart(chartDir, { root: ldr.repoRoot });
      else if (c.repo) {
        // The app's project bounds this fetch as its own repoURL (never fetched when refused).
        const bound = ldr.remote.bound;
        const violations = bound?.(c.repo, `${field}.repo`) ?? [];
        if (violations.length > 0)
          throw new RenderError(`chart repository refused by the app's project: ${describeViolations(violations)}`, {
            file,
            code: 'ProjectViolation',
          });
        const { pullChart } = await import('../helm/repo/pull-chart.js');
        const pulled = await pullChart({
          repoURL: c.repo,
          chart: c.repo.startsWith('oci://') ? undefined : c.name,
          version: c.version,
          fetchBound: bound,
        });
        chart = await helm.loadChart(pulled.path);
      } else throw new Error(`no chart at ${candidates.join(' or ')} and no repo to pull it from`);
      const load = async (p: string) => (await ldr.load(p)).text;
      const base = c.valuesFile ? readValues(await load(c.valuesFile)) : { ...chart.values };
      const inline = c.valuesInline ?? {};
      const merged = c.valuesMerge === 'replace' ? inline : c.valuesMerge === 'merge' ? mergeMaps(inline, base) : mergeMaps(base, inline);
      const valueFiles = [{ name: 'values', text: JSON.stringify(merged) }];
      for (const f of c.additionalValuesFiles ?? []) valueFiles.push({ name: f, text: await load(f) });
      const result = await helm.renderChart(chart, {
        releaseName: c.releaseName ?? 'release-name',
        namespace: c.namespace,
        values: { valueFiles },
        includeCrds: c.includeCRDs === true,
        skipTests: c.skipTests === true,
        apiVersions: c.apiVersions,
        kubeVersion: c.kubeVersion,
      });
      const hooks = c.skipHooks
        ? ''
        : result.hooks
            .filter((h) => !(c.skipTests && h.events.includes('test')))
            .map((h) => `---\n${h.content}\n`)
            .join('');
      const crds = c.includeCRDs ? result.crds.map((d) => `---\n${new TextDecoder().decode(d.data)}\n`).join('') : '';
      out.push({ text: crds + result.manifests.map((m) => `---\n${m.content}\n`).join('') + hooks, file: `${chartHome}/${c.name}` });
    } catch (cause) {
      if (cause instanceof RenderError) throw cause;
      throw new RenderError(`${field} (${c.name}): ${(cause as Error).message}`, { file, cause });
    }
  }
  return out;
}
