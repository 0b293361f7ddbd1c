import { type Chart, chartFullPath, isLibraryChart, isRoot } from '../chart/chart.js';
import type { Metadata } from '../chart/metadata.js';
import {
  createTemplateSet,
  fromPlain,
  type GoFunc,
  type GoMap,
  GoNamedMap,
  GoStruct,
  TemplateExecError,
  TemplateParseError,
  typedArray,
  type Value,
} from '../template/index.js';
import { helmFuncs } from '../template/helm-funcs.js';
import type { Capabilities } from './capabilities.js';
import { filesOf, filesValue } from './files.js';
import type { LookupFunction, RenderValues } from './render-chart.js';

/**
 * Helm's engine.Render over the chart tree: every template of the chart and its subcharts parsed
 * into one set under `chart/templates/x.yaml` (`chart/charts/sub/templates/x.yaml` for a subchart),
 * deeper paths first so a parent's defines win; every non-partial executed with its own chart's
 * data (`.Values` scoped to the subchart, `.Chart`, `.Files`, `.Release`, `.Capabilities`,
 * `.Subcharts`, and `.Template` set before each file as Helm sets it). Library charts only
 * contribute their partials.
 */
export class HelmRenderError extends Error {}

const str = (s: string): Value => s;
const strings = (l: string[]): Value => typedArray('string', [...l]);

function metadataStruct(md: Metadata, root: boolean): GoStruct {
  const deps = md.dependencies.map(
    (d) =>
      new GoStruct('*chart.Dependency', {
        Name: d.name,
        Version: d.version,
        Repository: d.repository,
        Condition: d.condition,
        Tags: strings(d.tags),
        Enabled: d.enabled,
        ImportValues: fromPlain(d.importValues),
        Alias: d.alias,
      }),
  );
  const maintainers = md.maintainers.map((m) => new GoStruct('*chart.Maintainer', { Name: m.name, Email: m.email, URL: m.url }));
  return new GoStruct('struct { chart.Metadata; IsRoot bool }', {
    Name: str(md.name),
    Home: md.home,
    Sources: strings(md.sources),
    Version: md.version,
    Description: md.description,
    Keywords: strings(md.keywords),
    Maintainers: maintainers,
    Icon: md.icon,
    APIVersion: md.apiVersion,
    Condition: md.condition,
    Tags: md.tags,
    AppVersion: md.appVersion,
    Deprecated: md.deprecated,
    Annotations: fromPlain(md.annotations),
    KubeVersion: md.kubeVersion,
    Dependencies: deps,
    Type: md.type,
    Metadata: null,
    IsRoot: root,
  });
}

function capabilitiesStruct(caps: Capabilities): GoStruct {
  const kv = caps.kubeVersion;
  const version = (): Value => kv.version;
  const kubeVersion = new GoStruct(
    'chartutil.KubeVersion',
    { Version: kv.version, Major: kv.major, Minor: kv.minor },
    { String: { params: [], fn: version }, GitVersion: { params: [], fn: version } },
  );
  kubeVersion.stringer = () => kv.version;
  const set = new Set(caps.apiVersions);
  const apiVersions = new GoStruct('chartutil.VersionSet', {}, { Has: { params: ['string'], fn: (v: string) => set.has(v) } as GoFunc });
  apiVersions.formatPlain = () => `[${caps.apiVersions.join(' ')}]`;
  const h = caps.helmVersion;
  const helmVersion = new GoStruct('version.BuildInfo', {
    Version: h.version,
    GitCommit: h.gitCommit,
    GitTreeState: h.gitTreeState,
    GoVersion: h.goVersion,
  });
  return new GoStruct('*chartutil.Capabilities', { KubeVersion: kubeVersion, APIVersions: apiVersions, HelmVersion: helmVersion });
}

let toYamlFn: GoFunc | null | undefined;

/**
 * `.Values` as chartutil.Values: a map with the methods AsMap, YAML and Table (gotohelm charts call
 * `$dot.Values.AsMap`); methods come before keys, as in Go.
 */
function valuesMap(map: GoMap, toYaml: (v: Value) => string): GoNamedMap {
  return new GoNamedMap('chartutil.Values', map, (self) => ({
    AsMap: { params: [], fn: () => self },
    YAML: { params: [], fn: () => toYaml(self) },
    Table: {
      params: ['string'],
      fn: (path: string) => {
        let t: Value = self;
        for (const part of path.split('.')) t = t instanceof Map ? (t.get(part) as Value) : undefined;
        return t instanceof Map ? valuesMap(t, toYaml) : valuesMap(new Map(), toYaml);
      },
    },
  }));
}

interface Renderable {
  text: string;
  vals: GoMap;
  basePath: string;
}

/** The output of every non-partial template, by name; throws HelmRenderError with Helm's message. */
export function runChartTemplates(input: RenderValues, options: { lookup?: LookupFunction } = {}): Map<string, string> {
  const lookup = options.lookup;
  const set = createTemplateSet({
    funcs: 'helm',
    helmMode: true,
    hooks: lookup ? { lookup: (a, k, n, m) => fromPlain(lookup(a, k, n, m)) } : undefined,
  });
  const toYaml = (v: Value): string => {
    toYamlFn ??= helmFuncs().get('toYaml') ?? null;
    if (!toYamlFn) throw new HelmRenderError('toYaml is not available in the template engine');
    return String(toYamlFn.fn(v));
  };
  const release = new Map<string, Value>([
    ['Name', input.release.name],
    ['Namespace', input.release.namespace],
    ['IsUpgrade', input.release.isUpgrade],
    ['IsInstall', input.release.isInstall],
    ['Revision', BigInt(input.release.revision)],
    ['Service', 'Helm'],
  ]);
  const top = new Map<string, Value>([
    ['Release', release],
    ['Capabilities', capabilitiesStruct(input.capabilities)],
    ['Values', fromPlain(input.values)],
  ]);
  const templates = new Map<string, Renderable>();
  collect(input.chart, templates, top, toYaml);
  const names = [...templates.keys()].sort(byPathLenReversed);
  for (const name of names) {
    try {
      set.parse(name, (templates.get(name) as Renderable).text);
    } catch (cause) {
      throw new HelmRenderError(cleanupParseError(name, cause));
    }
  }
  const rendered = new Map<string, string>();
  for (const name of names) {
    if (base(name).startsWith('_')) continue;
    if (input.execute && !input.execute(name.slice(name.indexOf('/') + 1))) continue;
    const r = templates.get(name) as Renderable;
    r.vals.set(
      'Template',
      new Map<string, Value>([
        ['Name', name],
        ['BasePath', r.basePath],
      ]),
    );
    try {
      rendered.set(name, set.execute(name, r.vals));
    } catch (cause) {
      throw new HelmRenderError(cleanupExecError(name, cause));
    }
  }
  return rendered;
}

function base(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

function slashes(s: string): number {
  let n = 0;
  for (const c of s) if (c === '/') n++;
  return n;
}

/** sort.Reverse(byPathLen): more path segments first, then reverse lexical order. */
function byPathLenReversed(a: string, b: string): number {
  const ca = slashes(a);
  const cb = slashes(b);
  if (ca !== cb) return cb - ca;
  return a < b ? 1 : a > b ? -1 : 0;
}

function collect(c: Chart, templates: Map<string, Renderable>, parent: GoMap, toYaml: (v: Value) => string): GoMap {
  const subcharts = new Map<string, Value>();
  let map: GoMap = new Map<string, Value>();
  const pv = parent.get('Values');
  if (isRoot(c)) map = pv as GoMap;
  else {
    const t = pv instanceof Map ? pv.get(c.metadata.name) : undefined;
    if (t instanceof Map) map = t;
  }
  const values: Value = valuesMap(map, toYaml);
  const next = new Map<string, Value>([
    ['Chart', metadataStruct(c.metadata, isRoot(c))],
    ['Files', filesValue(filesOf(c.files), toYaml)],
    ['Release', parent.get('Release') as Value],
    ['Capabilities', parent.get('Capabilities') as Value],
    ['Values', values],
    ['Subcharts', subcharts],
  ]);
  for (const child of c.dependencies) subcharts.set(child.metadata.name, collect(child, templates, next, toYaml));
  const prefix = chartFullPath(c);
  for (const t of c.templates) {
    if (isLibraryChart(c) && !base(t.name).startsWith('_')) continue;
    templates.set(`${prefix}/${t.name}`, { text: new TextDecoder().decode(t.data), vals: next, basePath: `${prefix}/templates` });
  }
  return next;
}

function cleanupParseError(filename: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (!(err instanceof TemplateParseError)) return `parse error in (${filename}): ${message}`;
  const tokens = message.split(': ');
  if (tokens.length === 1) return `parse error in (${filename}): ${message}`;
  return `parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`;
}

const WARN = /HELM_ERR_START((?:.|\n)*)HELM_ERR_END/;

function cleanupExecError(filename: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (!(err instanceof TemplateExecError)) return `rendering template failed: ${message}`;
  const tokens = splitN(message, ': ', 3);
  if (tokens.length !== 3) return `execution error in (${filename}): ${message}`;
  const parts = WARN.exec(tokens[2]);
  if (parts) return `execution error at (${tokens[1]}): ${parts[1]}`;
  return message;
}

function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}
