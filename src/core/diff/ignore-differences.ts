/**
 * `spec.ignoreDifferences`: fields of some objects that are not compared (Argo CD's shape).
 *
 * A rule picks objects by kind (and optionally group, name, namespace) and names fields by JSON
 * pointer (`/spec/replicas`), by a jq-style path in the subset Tideway reads (`.spec.replicas`,
 * `.spec.template.spec.containers[].image`, `.metadata.annotations["a/b"]`), or by the managers that
 * own them live (`managedFieldsManagers: [kube-controller-manager]`, read from `managedFields`).
 *
 * Ignored fields never make an object differ: not in a comparison, not in `tideway diff`, not as
 * drift. A sync still applies them from Git (Git wins) unless the app sets
 * `RespectIgnoreDifferences=true`, in which case a sync keeps their live values.
 */
import type { Manifest } from '../model/manifest.js';

export interface IgnoreDifferenceRule {
  group?: string;
  kind: string;
  name?: string;
  namespace?: string;
  jsonPointers?: string[];
  jqPathExpressions?: string[];
  managedFieldsManagers?: string[];
}

/** One step of a field path: a key, a list index, every list item, or the list item whose keys match. */
export type PathStep = string | number | { each: true } | { match: Record<string, unknown> };
export type FieldPath = PathStep[];

function groupOf(apiVersion: string | undefined): string {
  const slash = apiVersion?.indexOf('/') ?? -1;
  return slash < 0 ? '' : apiVersion!.slice(0, slash);
}

/** The rules that apply to this object (`kind` and `group` must match; `name`, `namespace` when given). */
export function rulesFor(object: Manifest, rules: readonly IgnoreDifferenceRule[]): IgnoreDifferenceRule[] {
  return rules.filter(
    (r) =>
      (r.kind === '*' || r.kind === object.kind) &&
      (r.group === undefined || r.group === '*' || r.group === groupOf(object.apiVersion)) &&
      (r.name === undefined || r.name === object.metadata?.name) &&
      (r.namespace === undefined || r.namespace === object.metadata?.namespace),
  );
}

/** Parses a JSON pointer (RFC 6901) into keys; a numeric step is read as a key or an index, as the value asks. */
export function parseJsonPointer(pointer: string): FieldPath {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`${JSON.stringify(pointer)} is not a JSON pointer (it starts with /)`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

const JQ_STEP = /^(?:\.([A-Za-z_][A-Za-z0-9_-]*)|\["((?:[^"\\]|\\.)*)"\]|\.\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\]|\[\])/;

/**
 * Parses the jq path subset: `.a.b`, `.a["b/c"]`, `.a[0]`, `.a[]` (every item). Anything else (pipes,
 * `select`, functions) is refused with a message saying what is read.
 */
export function parseJqPath(expression: string): FieldPath {
  const text = expression.trim();
  if (text === '.') return [];
  const path: FieldPath = [];
  let rest = text;
  while (rest.length > 0) {
    const m = JQ_STEP.exec(rest);
    if (!m)
      throw new Error(
        `${JSON.stringify(expression)}: only paths are read (.a.b, .a["b/c"], .a[0], .a[]); pipes, select() and functions are not`,
      );
    if (m[1] !== undefined) path.push(m[1]);
    else if (m[2] !== undefined || m[3] !== undefined) path.push(JSON.parse(`"${m[2] ?? m[3]}"`));
    else if (m[4] !== undefined) path.push(Number(m[4]));
    else path.push({ each: true });
    rest = rest.slice(m[0].length);
  }
  if (path.length === 0) throw new Error(`${JSON.stringify(expression)}: not a path`);
  return path;
}

/**
 * The paths of the fields `fieldsV1` lists (server-side apply's field set): `f:name` a key, `k:{...}`
 * the list item with those keys, `v:...` a set item, `i:N` an index; `.` marks the node itself.
 */
export function fieldsV1Paths(fields: unknown, prefix: FieldPath = []): FieldPath[] {
  if (typeof fields !== 'object' || fields === null) return [];
  const out: FieldPath[] = [];
  for (const [key, sub] of Object.entries(fields as Record<string, unknown>)) {
    if (key === '.') continue;
    let step: PathStep | undefined;
    if (key.startsWith('f:')) step = key.slice(2);
    else if (key.startsWith('i:')) step = Number(key.slice(2));
    else if (key.startsWith('k:')) {
      try {
        step = { match: JSON.parse(key.slice(2)) as Record<string, unknown> };
      } catch {
        step = undefined;
      }
    }
    if (step === undefined) continue; // v: (set items) and unknown forms: the whole set is named by its parent's leaf
    const path = [...prefix, step];
    const children = typeof sub === 'object' && sub !== null ? Object.keys(sub).filter((k) => k !== '.') : [];
    if (children.length === 0) out.push(path);
    else out.push(...fieldsV1Paths(sub, path));
  }
  return out;
}

/** The field paths ignored for this object: from its rules' pointers and paths, and from live managedFields. */
export function ignoredPaths(desired: Manifest, live: Manifest | undefined, rules: readonly IgnoreDifferenceRule[]): FieldPath[] {
  const paths: FieldPath[] = [];
  for (const rule of rulesFor(desired, rules)) {
    for (const p of rule.jsonPointers ?? []) paths.push(parseJsonPointer(p));
    for (const e of rule.jqPathExpressions ?? []) paths.push(parseJqPath(e));
    if (rule.managedFieldsManagers?.length && live) {
      const managed = (live.metadata as { managedFields?: { manager?: string; fieldsV1?: unknown }[] }).managedFields ?? [];
      for (const entry of managed)
        if (entry.manager && rule.managedFieldsManagers.includes(entry.manager)) paths.push(...fieldsV1Paths(entry.fieldsV1));
    }
  }
  return paths;
}

function matches(item: unknown, match: Record<string, unknown>): boolean {
  if (typeof item !== 'object' || item === null) return false;
  return Object.entries(match).every(([k, v]) => JSON.stringify((item as Record<string, unknown>)[k]) === JSON.stringify(v));
}

/** The children a step reaches in a value, with the key or index to reach each. */
function stepInto(value: unknown, step: PathStep): (string | number)[] {
  if (Array.isArray(value)) {
    if (typeof step === 'object' && 'each' in step) return value.map((_, i) => i);
    if (typeof step === 'object') return value.flatMap((item, i) => (matches(item, step.match) ? [i] : []));
    const index = typeof step === 'number' ? step : /^\d+$/.test(step) ? Number(step) : -1;
    return index >= 0 && index < value.length ? [index] : [];
  }
  if (typeof value === 'object' && value !== null && (typeof step === 'string' || typeof step === 'number')) {
    const key = String(step);
    return key in (value as Record<string, unknown>) ? [key] : [];
  }
  return [];
}

function removeAt(value: unknown, path: FieldPath): void {
  if (path.length === 0) return;
  const [step, ...rest] = path;
  const keys = stepInto(value, step);
  if (rest.length > 0) {
    for (const k of keys) removeAt((value as Record<string | number, unknown>)[k], rest);
    return;
  }
  if (Array.isArray(value)) for (const k of [...keys].sort((a, b) => Number(b) - Number(a))) value.splice(Number(k), 1);
  else for (const k of keys) delete (value as Record<string, unknown>)[String(k)];
}

/** A copy of the object without the fields at these paths. */
export function withoutPaths<T>(object: T, paths: readonly FieldPath[]): T {
  if (paths.length === 0 || object === undefined) return object;
  const copy = structuredClone(object);
  for (const p of paths) removeAt(copy, p);
  return copy;
}

function readAt(value: unknown, path: FieldPath): { found: boolean; value?: unknown } {
  let at: unknown = value;
  for (const step of path) {
    const keys = stepInto(at, step);
    if (keys.length !== 1) return { found: false };
    at = (at as Record<string | number, unknown>)[keys[0]];
  }
  return { found: true, value: at };
}

function writeAt(target: unknown, path: FieldPath, value: unknown): void {
  let at = target as Record<string | number, unknown>;
  for (const [i, step] of path.entries()) {
    const keys = stepInto(at, step);
    if (keys.length !== 1) return; // the desired object has no such place: nothing to keep
    if (i === path.length - 1) at[keys[0]] = structuredClone(value);
    else at = at[keys[0]] as Record<string | number, unknown>;
  }
}

/**
 * A copy of desired whose ignored fields hold their live values (RespectIgnoreDifferences): a field
 * live has keeps the live value; one live lacks is left out. Paths over every list item (`[]`) are
 * applied item by item where desired and live lists line up.
 */
export function withLiveValues(desired: Manifest, live: Manifest | undefined, paths: readonly FieldPath[]): Manifest {
  if (paths.length === 0) return desired;
  const copy = structuredClone(desired);
  for (const path of expandEach(copy, live, paths)) {
    const fromLive = live ? readAt(live, path) : { found: false };
    if (fromLive.found) writeAt(copy, path, fromLive.value);
    else removeAt(copy, path);
  }
  return copy;
}

/** Paths with `[]` steps expanded to the indexes both sides have. */
function expandEach(desired: unknown, live: unknown, paths: readonly FieldPath[]): FieldPath[] {
  const out: FieldPath[] = [];
  const walk = (d: unknown, l: unknown, rest: FieldPath, prefix: FieldPath) => {
    if (rest.length === 0) {
      out.push(prefix);
      return;
    }
    const [step, ...tail] = rest;
    if (typeof step === 'object' && 'each' in step) {
      const n = Math.min(Array.isArray(d) ? d.length : 0, Array.isArray(l) ? l.length : 0);
      for (let i = 0; i < n; i++) walk((d as unknown[])[i], (l as unknown[])[i], tail, [...prefix, i]);
      return;
    }
    const keys = stepInto(d, step);
    const next = keys.length === 1 ? (d as Record<string | number, unknown>)[keys[0]] : undefined;
    const lkeys = stepInto(l, step);
    const lnext = lkeys.length === 1 ? (l as Record<string | number, unknown>)[lkeys[0]] : undefined;
    walk(next, lnext, tail, [...prefix, step]);
  };
  for (const p of paths) walk(desired, live, p, []);
  return out;
}
