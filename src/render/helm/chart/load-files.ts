import type { Chart, ChartFile } from './chart.js';
import { readValues, readYaml, YamlSyntaxError } from './go-yaml.js';
import { applyMetadataDocument, ChartValidationError, emptyMetadata, type Metadata, validateMetadata } from './metadata.js';

/** A chart could not be loaded; the message is Helm's where Helm has one. */
export class ChartLoadError extends Error {
  readonly file?: string;
  constructor(message: string, file?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.file = file;
  }
}

/** Reads an archive's bytes into files (archive.ts); passed in so this file stays free of I/O. */
export type ArchiveReader = (data: Uint8Array, name: string) => Promise<ChartFile[]>;

const decoder = new TextDecoder();
const text = (f: ChartFile) => decoder.decode(f.data);

function parseYamlFile(f: ChartFile, what: string): unknown {
  try {
    return readYaml(text(f));
  } catch (cause) {
    throw new ChartLoadError(`cannot load ${what}: ${(cause as Error).message}`, f.name, { cause });
  }
}

/**
 * Builds a chart from its files (loader.LoadFiles): Chart.yaml, Chart.lock, values.yaml,
 * values.schema.json, requirements.yaml/.lock (v1), templates/, and charts/ (subchart directories
 * and .tgz archives, loaded recursively); every other file is one of the chart's `.Files`.
 */
export async function loadChartFiles(files: ChartFile[], readArchive: ArchiveReader, where = ''): Promise<Chart> {
  let metadata: Metadata | undefined;
  for (const f of files) {
    if (f.name !== 'Chart.yaml') continue;
    metadata ??= emptyMetadata();
    try {
      applyMetadataDocument(metadata, parseYamlFile(f, 'Chart.yaml'));
    } catch (cause) {
      if (cause instanceof ChartLoadError) throw cause;
      throw new ChartLoadError(`cannot load Chart.yaml: ${(cause as Error).message}`, `${where}Chart.yaml`, { cause });
    }
    if (metadata.apiVersion === '') metadata.apiVersion = 'v1';
  }
  const chart: Chart = { metadata: metadata ?? emptyMetadata(), templates: [], values: {}, files: [], dependencies: [] };
  const subcharts = new Map<string, ChartFile[]>();
  for (const f of files) {
    const name = f.name;
    if (name === 'Chart.yaml') continue;
    if (name === 'Chart.lock') chart.lock = parseYamlFile(f, 'Chart.lock');
    else if (name === 'values.yaml') {
      try {
        chart.values = readValues(text(f));
      } catch (cause) {
        const line = cause instanceof YamlSyntaxError ? cause.line : undefined;
        throw new ChartLoadError(`cannot load values.yaml: ${(cause as Error).message}`, `${where}values.yaml${line ? `:${line}` : ''}`, {
          cause,
        });
      }
    } else if (name === 'values.schema.json') chart.schema = f.data;
    else if (name === 'requirements.yaml') {
      metadata ??= chart.metadata;
      applyMetadataDocument(chart.metadata, parseYamlFile(f, 'requirements.yaml'));
      if (chart.metadata.apiVersion === 'v1') chart.files.push(f);
    } else if (name === 'requirements.lock') {
      chart.lock = parseYamlFile(f, 'requirements.lock');
      if (chart.metadata.apiVersion === 'v1') chart.files.push(f);
    } else if (name.startsWith('templates/')) chart.templates.push(f);
    else if (name.startsWith('charts/')) {
      if (name.endsWith('.prov')) {
        chart.files.push(f);
        continue;
      }
      const rest = name.slice('charts/'.length);
      const slash = rest.indexOf('/');
      const cname = slash < 0 ? rest : rest.slice(0, slash);
      const list = subcharts.get(cname) ?? [];
      list.push({ name: rest, data: f.data });
      subcharts.set(cname, list);
    } else chart.files.push(f);
  }
  if (metadata === undefined) throw new ChartLoadError('Chart.yaml file is missing', `${where}Chart.yaml`);
  try {
    validateMetadata(chart.metadata);
  } catch (cause) {
    if (cause instanceof ChartValidationError) throw new ChartLoadError(cause.message, `${where}Chart.yaml`, { cause });
    throw cause;
  }
  for (const [n, list] of [...subcharts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (n.startsWith('_') || n.startsWith('.')) continue;
    let sub: Chart;
    try {
      if (n.endsWith('.tgz')) {
        const file = list[0];
        if (file.name !== n)
          throw new ChartLoadError(`error unpacking subchart tar in ${chart.metadata.name}: expected ${n}, got ${file.name}`);
        sub = await loadChartFiles(await readArchive(file.data, `${where}charts/${n}`), readArchive, `${where}charts/${n}/`);
      } else {
        const inner: ChartFile[] = [];
        for (const f of list) {
          const slash = f.name.indexOf('/');
          if (slash < 0) continue;
          inner.push({ name: f.name.slice(slash + 1), data: f.data });
        }
        sub = await loadChartFiles(inner, readArchive, `${where}charts/${n}/`);
      }
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new ChartLoadError(
        `error unpacking subchart ${n} in ${chart.metadata.name}: ${message}`,
        cause instanceof ChartLoadError ? cause.file : undefined,
        {
          cause,
        },
      );
    }
    sub.parent = chart;
    chart.dependencies.push(sub);
  }
  return chart;
}
