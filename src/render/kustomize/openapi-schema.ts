import { BUILTIN_SMP_SCHEMA, type CompactField } from './smp-schema-data.js';

/** The parts of an OpenAPI schema node that strategic merge looks at. */
export interface SchemaNode {
  ref?: string;
  props?: Record<string, SchemaNode>;
  additional?: SchemaNode;
  items?: SchemaNode;
  array?: boolean;
  strategy?: string;
  keys?: string[];
}

/** A set of definitions plus the kinds they describe (by "apiVersion Kind"). */
export interface SchemaSet {
  definition(name: string): SchemaNode | undefined;
  forKind(apiVersion: string, kind: string): SchemaNode | undefined;
}

function fromCompact(c: CompactField): SchemaNode {
  const n: SchemaNode = {};
  if (c.r) n.ref = c.r;
  if (c.i) n.items = fromCompact(c.i);
  if (c.m) n.additional = fromCompact(c.m);
  if (c.s) n.strategy = c.s;
  if (c.k) n.keys = c.k;
  if (c.a) n.array = true;
  return n;
}

class BuiltinSchema implements SchemaSet {
  private cache = new Map<string, SchemaNode>();

  definition(name: string): SchemaNode | undefined {
    let d = this.cache.get(name);
    if (d) return d;
    const raw = BUILTIN_SMP_SCHEMA.definitions[name];
    if (!raw) return undefined;
    const props: Record<string, SchemaNode> = {};
    for (const [k, v] of Object.entries(raw)) props[k] = fromCompact(v);
    d = { props };
    this.cache.set(name, d);
    return d;
  }

  forKind(apiVersion: string, kind: string): SchemaNode | undefined {
    const name = BUILTIN_SMP_SCHEMA.kinds[`${apiVersion} ${kind}`];
    return name ? this.definition(name) : undefined;
  }
}

export const BUILTIN_SCHEMA: SchemaSet = new BuiltinSchema();

function refName(ref: string): string {
  const i = ref.lastIndexOf('/');
  return i >= 0 ? ref.slice(i + 1) : ref;
}

function fromOpenApi(raw: Record<string, unknown>): SchemaNode {
  const n: SchemaNode = {};
  if (typeof raw.$ref === 'string') n.ref = refName(raw.$ref);
  const type = raw.type;
  if (type === 'array' || (Array.isArray(type) && type.length === 1 && type[0] === 'array')) n.array = true;
  if (raw.items && typeof raw.items === 'object' && !Array.isArray(raw.items)) n.items = fromOpenApi(raw.items as Record<string, unknown>);
  if (raw.additionalProperties && typeof raw.additionalProperties === 'object')
    n.additional = fromOpenApi(raw.additionalProperties as Record<string, unknown>);
  if (raw.properties && typeof raw.properties === 'object') {
    n.props = {};
    for (const [k, v] of Object.entries(raw.properties as Record<string, unknown>)) {
      if (v && typeof v === 'object') n.props[k] = fromOpenApi(v as Record<string, unknown>);
    }
  }
  if (typeof raw['x-kubernetes-patch-strategy'] === 'string') n.strategy = raw['x-kubernetes-patch-strategy'] as string;
  const listKeys = raw['x-kubernetes-list-map-keys'];
  const mergeKey = raw['x-kubernetes-patch-merge-key'];
  if (Array.isArray(listKeys)) n.keys = listKeys.map(String);
  else if (typeof mergeKey === 'string') n.keys = [mergeKey];
  return n;
}

/** Definitions read from an `openapi: {path: ...}` file (a swagger document with `definitions`). */
export class CustomSchema implements SchemaSet {
  private defs = new Map<string, SchemaNode>();
  private kinds = new Map<string, string>();

  constructor(
    doc: unknown,
    readonly fallback?: SchemaSet,
  ) {
    const defs = (doc as Record<string, unknown> | null)?.definitions;
    if (!defs || typeof defs !== 'object') return;
    for (const [name, raw] of Object.entries(defs as Record<string, unknown>)) {
      if (!raw || typeof raw !== 'object') continue;
      this.defs.set(name, fromOpenApi(raw as Record<string, unknown>));
      const gvks = (raw as Record<string, unknown>)['x-kubernetes-group-version-kind'];
      if (Array.isArray(gvks)) {
        for (const g of gvks as Record<string, string>[]) {
          const av = g.group ? `${g.group}/${g.version}` : g.version;
          this.kinds.set(`${av} ${g.kind}`, name);
        }
      }
    }
  }

  definition(name: string): SchemaNode | undefined {
    return this.defs.get(name) ?? this.fallback?.definition(name);
  }

  forKind(apiVersion: string, kind: string): SchemaNode | undefined {
    const name = this.kinds.get(`${apiVersion} ${kind}`);
    if (name) return this.definition(name);
    return this.fallback?.forKind(apiVersion, kind);
  }
}

/** Follows $refs; undefined when a reference cannot be resolved. */
export function resolveSchema(set: SchemaSet, n: SchemaNode | undefined): SchemaNode | undefined {
  let cur = n;
  for (let i = 0; cur?.ref !== undefined && i < 64; i++) cur = set.definition(cur.ref);
  return cur?.ref !== undefined ? undefined : cur;
}

/** ResourceSchema.Field: the schema of a property (or of the map's values). */
export function fieldSchema(set: SchemaSet, n: SchemaNode | undefined, name: string): SchemaNode | undefined {
  if (!n) return undefined;
  const p = n.props?.[name] ?? n.additional;
  return p ? resolveSchema(set, p) : undefined;
}

/** ResourceSchema.Elements: the schema of list items. */
export function elementSchema(set: SchemaSet, n: SchemaNode | undefined): SchemaNode | undefined {
  if (!n?.array || !n.items) return undefined;
  return resolveSchema(set, n.items);
}

export function hasMergeStrategy(n: SchemaNode | undefined): boolean {
  return !!n?.strategy && n.strategy.split(',').includes('merge');
}
