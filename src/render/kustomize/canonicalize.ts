/**
 * A TypeScript twin of the conformance corpus's normalize.py: parses a multi-document YAML stream
 * the way PyYAML's SafeLoader does (YAML 1.1 scalars, timestamps kept as strings), drops empty
 * documents, sorts mapping keys, and sorts documents by (kind, namespace, name, apiVersion).
 * Sequence order is kept. Used by tests to compare rendered output with kustomize's.
 */
import { parseAllDocuments, type ScalarTag, type Tags } from 'yaml';
import { PyFloat, resolvePyPlain } from './yaml-scalars.js';

const pyScalarTag: ScalarTag = {
  tag: 'tag:yaml.org,2002:py',
  default: true,
  test: /^[\s\S]*$/,
  resolve: (text: string) => resolvePyPlain(text),
};

function pyTags(tags: Tags): Tags {
  const keep = tags.filter((t) => {
    const tag = (t as ScalarTag).tag;
    return tag === 'tag:yaml.org,2002:map' || tag === 'tag:yaml.org,2002:seq' || tag === 'tag:yaml.org,2002:str';
  });
  return [...keep, pyScalarTag];
}

function pyFloatRepr(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return `${n}.0`;
  const s = String(n);
  return s.replace(/e([-+])(\d)$/, 'e$10$2');
}

/** JSON with sorted keys, floats kept apart from integers (as Python's json.dumps prints them). */
export function canonicalJson(v: unknown): string {
  if (v instanceof PyFloat) return pyFloatRepr(v.value);
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : pyFloatRepr(v);
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(', ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${JSON.stringify(k)}: ${canonicalJson(o[k])}`).join(', ')}}`;
  }
  return JSON.stringify(String(v));
}

function str(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof PyFloat) return pyFloatRepr(v.value);
  return String(v);
}

export interface CanonicalDoc {
  kind: string;
  namespace: string;
  name: string;
  apiVersion: string;
  json: string;
}

/** Parses and canonicalises a YAML stream; throws on invalid YAML. */
export function canonicalDocs(text: string): CanonicalDoc[] {
  const docs = parseAllDocuments(text, { schema: 'core', customTags: pyTags, merge: true, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: CanonicalDoc[] = [];
  for (const doc of list) {
    if (doc.errors.length > 0) throw new Error(`invalid YAML: ${doc.errors[0].message}`);
    const value = doc.toJS({ maxAliasCount: 1000 });
    if (value === null || value === undefined) continue;
    const md = (
      typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>).metadata : undefined
    ) as Record<string, unknown> | undefined;
    const meta = typeof md === 'object' && md !== null && !Array.isArray(md) ? md : {};
    const isObj = typeof value === 'object' && !Array.isArray(value) && !(value instanceof PyFloat);
    const o = (isObj ? value : {}) as Record<string, unknown>;
    out.push({
      kind: str(o.kind),
      namespace: str(meta.namespace),
      name: str(meta.name),
      apiVersion: str(o.apiVersion),
      json: canonicalJson(value),
    });
  }
  return out;
}

function cmp(a: CanonicalDoc, b: CanonicalDoc): number {
  for (const k of ['kind', 'namespace', 'name', 'apiVersion', 'json'] as const) {
    if (a[k] < b[k]) return -1;
    if (a[k] > b[k]) return 1;
  }
  return 0;
}

/** One canonical JSON line per document, documents sorted: equal strings mean equal output. */
export function canonicalize(text: string): string {
  return canonicalDocs(text)
    .sort(cmp)
    .map((d) => d.json)
    .join('\n');
}

/** The (kind, namespace, name) sequence of a stream, for checking document order. */
export function documentOrder(text: string): string[] {
  return canonicalDocs(text).map((d) => `${d.kind}/${d.namespace}/${d.name}`);
}
