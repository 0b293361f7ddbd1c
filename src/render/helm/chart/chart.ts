import type { Metadata } from './metadata.js';

/** One file of a chart, named by its path relative to the chart root (`templates/x.yaml`). */
export interface ChartFile {
  name: string;
  data: Uint8Array;
}

/**
 * A loaded chart (Helm's chart.Chart): its metadata, templates, default values, schema, other files
 * and its subcharts (`charts/`). `parent` is set for a subchart.
 */
export interface Chart {
  metadata: Metadata;
  /** Chart.lock or requirements.lock, as read (unused for rendering, kept for `.Chart.Lock`-free parity). */
  lock?: unknown;
  templates: ChartFile[];
  values: Record<string, unknown>;
  schema?: Uint8Array;
  /** Every file that is not Chart.yaml, values.yaml, the schema, a template or a subchart (crds/, files/, …). */
  files: ChartFile[];
  dependencies: Chart[];
  parent?: Chart;
}

export function chartName(chart: Chart): string {
  return chart.metadata.name;
}

/** `parent/charts/child`: the prefix Helm gives a chart's template names. */
export function chartFullPath(chart: Chart): string {
  return chart.parent ? `${chartFullPath(chart.parent)}/charts/${chart.metadata.name}` : chart.metadata.name;
}

export function isRoot(chart: Chart): boolean {
  return chart.parent === undefined;
}

export function isLibraryChart(chart: Chart): boolean {
  return chart.metadata.type.toLowerCase() === 'library';
}

export function setDependencies(chart: Chart, deps: Chart[]): void {
  for (const d of deps) d.parent = chart;
  chart.dependencies = deps;
}

/** A CRD file of a chart or one of its subcharts, named as `helm template --include-crds` prints it. */
export interface CrdObject {
  filename: string;
  data: Uint8Array;
}

const MANIFEST_EXTENSION = /\.(ya?ml|json)$/i;

/** CRDs of the chart then of its subcharts, depth first (chart.CRDObjects). */
export function crdObjects(chart: Chart): CrdObject[] {
  const out: CrdObject[] = [];
  for (const f of chart.files) {
    if (f.name.startsWith('crds/') && MANIFEST_EXTENSION.test(f.name))
      out.push({ filename: `${chartFullPath(chart)}/${f.name}`, data: f.data });
  }
  for (const d of chart.dependencies) out.push(...crdObjects(d));
  return out;
}

/** A shallow copy of a chart with a copy of its metadata (getAliasDependency's copy). */
export function copyChart(chart: Chart): Chart {
  return { ...chart, metadata: { ...chart.metadata } };
}
