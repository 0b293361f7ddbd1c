import { idKey, isClusterScoped, parseApiVersion, type Gvk, type ResId } from './res-id.js';
import type { Origin } from './origin.js';
import { deepCopy } from './yaml-io.js';

export type JsonObject = Record<string, unknown>;
export type Behavior = 'unspecified' | 'create' | 'merge' | 'replace';

/** A previous name/namespace/kind of a resource, recorded when a transformer renamed it. */
interface PreviousId {
  name: string;
  /** The effective namespace at the time, stored literally (kustomize's previousNamespaces). */
  namespace: string;
  kind: string;
}

/**
 * One object being built, plus the bookkeeping kustomize keeps in build annotations
 * (previous ids, name prefixes and suffixes, generator behaviour, hash suffix, var names).
 */
export class Resource {
  obj: JsonObject;
  /** Where it came from, for error messages. */
  readonly file: string;
  prev: PreviousId[] = [];
  prefixes: string[] = [];
  suffixes: string[] = [];
  behavior: Behavior = 'unspecified';
  /** True for generated objects still present in a generator's own build annotations. */
  generated = false;
  needsHash = false;
  refVarNames: string[] = [];
  allowNameChange = false;
  allowKindChange = false;
  /** Set only when the build records origins (buildMetadata: [originAnnotations]). */
  origin?: Origin;

  constructor(obj: JsonObject, file: string) {
    this.obj = obj;
    this.file = file;
  }

  copy(): Resource {
    const r = new Resource(deepCopy(this.obj), this.file);
    r.copyBookkeepingFrom(this);
    return r;
  }

  copyBookkeepingFrom(o: Resource): void {
    this.prev = o.prev.map((p) => ({ ...p }));
    this.prefixes = [...o.prefixes];
    this.suffixes = [...o.suffixes];
    this.behavior = o.behavior;
    this.generated = o.generated;
    this.needsHash = o.needsHash;
    this.refVarNames = [...o.refVarNames];
    this.allowNameChange = o.allowNameChange;
    this.allowKindChange = o.allowKindChange;
    this.origin = o.origin;
  }

  get metadata(): JsonObject {
    let md = this.obj.metadata as JsonObject | undefined | null;
    if (typeof md !== 'object' || md === null || Array.isArray(md)) {
      md = {};
      this.obj.metadata = md;
    }
    return md;
  }

  get kind(): string {
    return typeof this.obj.kind === 'string' ? this.obj.kind : '';
  }

  set kind(k: string) {
    this.obj.kind = k;
  }

  get apiVersion(): string {
    return typeof this.obj.apiVersion === 'string' ? this.obj.apiVersion : '';
  }

  get name(): string {
    const md = this.obj.metadata as JsonObject | undefined;
    return md && typeof md.name === 'string' ? md.name : '';
  }

  set name(n: string) {
    this.metadata.name = n;
  }

  get namespace(): string {
    const md = this.obj.metadata as JsonObject | undefined;
    return md && typeof md.namespace === 'string' ? md.namespace : '';
  }

  /** Sets metadata.namespace; an empty namespace removes the field. */
  set namespace(ns: string) {
    if (ns === '') {
      const md = this.obj.metadata as JsonObject | undefined;
      if (md) delete md.namespace;
    } else {
      this.metadata.namespace = ns;
    }
  }

  gvk(): Gvk {
    return { ...parseApiVersion(this.apiVersion), kind: this.kind };
  }

  private cached?: { apiVersion: string; kind: string; name: string; namespace: string; id: ResId; key?: string };

  /** The current id; memoised while apiVersion, kind, name and namespace stay the same. */
  curId(): ResId {
    const apiVersion = this.apiVersion;
    const kind = this.kind;
    const name = this.name;
    const namespace = this.namespace;
    const c = this.cached;
    if (c && c.apiVersion === apiVersion && c.kind === kind && c.name === name && c.namespace === namespace) return c.id;
    const id = Object.freeze({ ...parseApiVersion(apiVersion), kind, name, namespace });
    this.cached = { apiVersion, kind, name, namespace, id };
    return id;
  }

  curKey(): string {
    const id = this.curId();
    const c = this.cached!;
    if (c.key === undefined) c.key = idKey(id);
    return c.key;
  }

  /** Previous ids, oldest first; their group/version are the current ones, as in kustomize. */
  prevIds(): ResId[] {
    if (this.prev.length === 0) return [];
    const { group, version } = parseApiVersion(this.apiVersion);
    return this.prev.map((p) => ({ group, version, kind: p.kind, name: p.name, namespace: p.namespace }));
  }

  /** The id the resource had when it was first read. */
  orgId(): ResId {
    return this.prev.length > 0 ? this.prevIds()[0] : this.curId();
  }

  /** Keys of the current id and every previous id (previous ids are compared literally). */
  allKeys(): string[] {
    const keys = [this.curKey()];
    for (const id of this.prevIds()) keys.push(idKey(id, false));
    return keys;
  }

  storePreviousId(): void {
    const id = this.curId();
    const ns = isClusterScoped(id) ? '_non_namespaceable_' : id.namespace === '' ? 'default' : id.namespace;
    this.prev.push({ name: id.name, namespace: ns, kind: id.kind });
  }

  /**
   * True when kustomize would hold build annotations (`internal.config.kubernetes.io/...`: previous
   * ids, prefixes, suffixes, generator behaviour, hash suffix) or an origin annotation in this
   * object's metadata.annotations at this point of the build.
   */
  hasBuildAnnotations(): boolean {
    return (
      this.prev.length > 0 ||
      this.prefixes.length > 0 ||
      this.suffixes.length > 0 ||
      this.generated ||
      this.needsHash ||
      this.behavior !== 'unspecified' ||
      this.origin !== undefined
    );
  }

  labels(): Record<string, unknown> {
    const l = (this.obj.metadata as JsonObject | undefined)?.labels;
    return typeof l === 'object' && l !== null && !Array.isArray(l) ? (l as Record<string, unknown>) : {};
  }

  annotations(): Record<string, unknown> {
    const a = (this.obj.metadata as JsonObject | undefined)?.annotations;
    return typeof a === 'object' && a !== null && !Array.isArray(a) ? (a as Record<string, unknown>) : {};
  }

  /** Replaces metadata.labels (or .annotations) with string values; an empty map removes the field. */
  setStringMap(field: 'labels' | 'annotations', m: Record<string, string>): void {
    const md = this.metadata;
    if (Object.keys(m).length === 0) delete md[field];
    else md[field] = m;
  }
}

/** kustomize's GetLabels/GetAnnotations: values as the text of their scalars. */
export function stringMap(m: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) out[k] = scalarText(v);
  return out;
}

/** The text a scalar value had (or would have) in YAML; containers render as JSON. */
export function scalarText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}
