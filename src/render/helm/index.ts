/**
 * Helm charts rendered in process, as `helm template` renders them (issue 22).
 *
 *   const chart = await loadChart('path/to/chart');          // a directory or a .tgz
 *   const { output } = await renderChart(chart, { releaseName: 'web', namespace: 'prod',
 *     values: { valueFiles: [{ name: 'values.yaml', text }], set: ['image.tag=v2'] } });
 *
 * `output` is what `helm template` prints; `manifests` and `hooks` are the documents in install order.
 * The chart side lives in chart/ (loading), values/ (coalescing, dependencies, --set, schemas) and
 * render/ (the template run, sorting, printing); the template language is in template/.
 */
import { stat, readFile } from 'node:fs/promises';
import type { Chart } from './chart/chart.js';
import { loadChartArchive, loadChartDir } from './chart/load-dir.js';
import { helmTemplate, type HelmTemplateOptions, type HelmTemplateResult } from './render/render-chart.js';
import { runChartTemplates } from './render/engine.js';

export type { Chart } from './chart/chart.js';
export type { HelmTemplateOptions, HelmTemplateResult } from './render/render-chart.js';

/** Loads a chart from a directory or a `.tgz` file; `root` confines a directory's symlinks. */
export async function loadChart(location: string, options: { root?: string } = {}): Promise<Chart> {
  const info = await stat(location);
  if (info.isDirectory()) return loadChartDir(location, options);
  return loadChartArchive(await readFile(location), location);
}

/** Renders a loaded chart (`helm template`); throws with Helm's message when Helm would fail. */
export function renderChart(chart: Chart, options: HelmTemplateOptions = {}): Promise<HelmTemplateResult> {
  return helmTemplate(chart, options, (input) => runChartTemplates(input, { lookup: options.lookup }));
}
