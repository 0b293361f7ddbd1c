import { makeFieldSpec, type FieldSpec } from './field-spec.js';
import { DEFAULT_FIELD_SPECS, DEFAULT_NAME_REFERENCES } from './default-field-specs.js';
import { gvkLess, gvkSelected, type Gvk } from './res-id.js';

/** Referrers of one kind of object by name (kustomize's NameBackReferences). */
export interface NameBackReferences {
  gvk: Gvk;
  referrers: FieldSpec[];
}

/** Where each builtin transformer looks, per kind (kustomize's TransformerConfig). */
export interface TransformerConfig {
  namePrefix: FieldSpec[];
  nameSuffix: FieldSpec[];
  namespace: FieldSpec[];
  commonLabels: FieldSpec[];
  labels: FieldSpec[];
  templateLabels: FieldSpec[];
  commonAnnotations: FieldSpec[];
  nameReference: NameBackReferences[];
  varReference: FieldSpec[];
  images: FieldSpec[];
  replicas: FieldSpec[];
}

export const FS_KEYS = [
  'namePrefix',
  'nameSuffix',
  'namespace',
  'commonLabels',
  'labels',
  'templateLabels',
  'commonAnnotations',
  'varReference',
  'images',
  'replicas',
] as const;
type FsKey = (typeof FS_KEYS)[number];

export function emptyConfig(): TransformerConfig {
  return {
    namePrefix: [],
    nameSuffix: [],
    namespace: [],
    commonLabels: [],
    labels: [],
    templateLabels: [],
    commonAnnotations: [],
    nameReference: [],
    varReference: [],
    images: [],
    replicas: [],
  };
}

function parseCompact(s: string): FieldSpec {
  const [path, kind = '', group = '', version = '', c = ''] = s.split('|');
  return { path, kind, group, version, create: c === 'c' };
}

function parseGvk(s: string): Gvk {
  const [kind = '', group = '', version = ''] = s.split('|');
  return { kind, group, version };
}

let defaultConfig: TransformerConfig | undefined;

/** The builtin configuration, as the accumulator holds it after merging it into an empty one. */
export function defaultTransformerConfig(): TransformerConfig {
  if (!defaultConfig) {
    const raw = emptyConfig();
    for (const key of FS_KEYS) raw[key] = (DEFAULT_FIELD_SPECS[key] ?? []).map(parseCompact);
    raw.nameReference = DEFAULT_NAME_REFERENCES.map(([g, fss]) => ({ gvk: parseGvk(g), referrers: fss.map(parseCompact) }));
    defaultConfig = mergeConfig(emptyConfig(), raw);
  }
  return defaultConfig;
}

function effectivelyEquals(a: FieldSpec, b: FieldSpec): boolean {
  return gvkSelected(a, b) && a.path === b.path;
}

/** FsSlice.MergeOne: adds `x` unless an effectively equal spec is there (conflicting `create` is an error). */
export function mergeOne(list: FieldSpec[], x: FieldSpec): FieldSpec[] {
  const found = list.find((s) => effectivelyEquals(s, x));
  if (found) {
    if (found.create !== x.create) throw new Error(`conflicting fieldspecs for path '${x.path}'`);
    return list;
  }
  return [...list, x];
}

export function mergeAll(list: FieldSpec[], incoming: FieldSpec[]): FieldSpec[] {
  let out = list;
  for (const x of incoming) out = mergeOne(out, x);
  return out;
}

function sortByGvk<T>(list: T[], gvkOf: (t: T) => Gvk): T[] {
  return list
    .map((v, i) => ({ v, i }))
    .sort((a, b) => (gvkLess(gvkOf(a.v), gvkOf(b.v)) ? -1 : gvkLess(gvkOf(b.v), gvkOf(a.v)) ? 1 : a.i - b.i))
    .map((x) => x.v);
}

function gvkEquals(a: Gvk, b: Gvk): boolean {
  return a.group === b.group && a.version === b.version && a.kind === b.kind;
}

function mergeBackRefs(list: NameBackReferences[], incoming: NameBackReferences[]): NameBackReferences[] {
  let out = list;
  for (const other of incoming) {
    let found = false;
    out = out.map((c) => {
      if (!gvkEquals(c.gvk, other.gvk)) return c;
      found = true;
      return { gvk: c.gvk, referrers: mergeAll(c.referrers, other.referrers) };
    });
    if (!found) out = [...out, other];
  }
  return out;
}

/** TransformerConfig.Merge: union of field specs, then each list sorted by kind. */
export function mergeConfig(a: TransformerConfig, b: TransformerConfig | undefined): TransformerConfig {
  if (!b) return a;
  const out = emptyConfig();
  for (const key of FS_KEYS) out[key] = sortByGvk(mergeAll(a[key], b[key]), (f) => f);
  out.nameReference = sortByGvk(mergeBackRefs(a.nameReference, b.nameReference), (n) => n.gvk);
  return out;
}

const ALLOWED_KEYS = new Set<string>([...FS_KEYS, 'nameReference']);

/** Reads a `configurations:` file (YAML, strict): the same shape as the builtin configuration. */
export function configFromValue(value: unknown): TransformerConfig {
  const out = emptyConfig();
  if (value === null || value === undefined) return out;
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error('expected a mapping of transformer field specs');
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!ALLOWED_KEYS.has(k)) throw new Error(`unknown field "${k}"`);
    if (v === null) continue;
    if (!Array.isArray(v)) throw new Error(`field "${k}" must be a list`);
    if (k === 'nameReference') {
      out.nameReference = v.map((e: Record<string, unknown>) => ({
        gvk: { group: str(e.group), version: str(e.version), kind: str(e.kind) },
        referrers: ((e.fieldSpecs as Record<string, unknown>[] | undefined) ?? []).map(fieldSpecOf),
      }));
    } else {
      out[k as FsKey] = v.map(fieldSpecOf);
    }
  }
  return sortConfig(out);
}

function sortConfig(c: TransformerConfig): TransformerConfig {
  const out = emptyConfig();
  for (const key of FS_KEYS) out[key] = sortByGvk(c[key], (f) => f);
  out.nameReference = sortByGvk(c.nameReference, (n) => n.gvk);
  return out;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function fieldSpecOf(e: Record<string, unknown>): FieldSpec {
  for (const k of Object.keys(e ?? {})) {
    if (!['group', 'version', 'kind', 'path', 'create'].includes(k)) throw new Error(`unknown field "${k}" in field spec`);
  }
  return makeFieldSpec({ group: str(e.group), version: str(e.version), kind: str(e.kind), path: str(e.path), create: e.create === true });
}
