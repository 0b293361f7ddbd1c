import { parseApiVersion, type Gvk } from './res-id.js';
import type { JsonObject } from './resource.js';

/** A field path inside objects of some kinds (kustomize's FieldSpec). */
export interface FieldSpec extends Gvk {
  /** Slash-separated path; `\/` escapes a slash; `name[]` marks a list (lists are entered anyway). */
  path: string;
  create: boolean;
}

export function makeFieldSpec(input: { group?: string; version?: string; kind?: string; path?: string; create?: boolean }): FieldSpec {
  return {
    group: input.group ?? '',
    version: input.version ?? '',
    kind: input.kind ?? '',
    path: input.path ?? '',
    create: input.create ?? false,
  };
}

/** What to create for a missing last path element (kustomize's CreateKind); undefined: never create. */
export type CreateKind = 'scalar' | 'map' | undefined;

/** Where a value lives: parent container and key (or index). */
export interface Slot {
  parent: JsonObject | unknown[];
  key: string | number;
}

export function slotValue(s: Slot): unknown {
  return (s.parent as Record<string | number, unknown>)[s.key];
}

export function setSlot(s: Slot, v: unknown): void {
  (s.parent as Record<string | number, unknown>)[s.key] = v;
}

const splitCache = new Map<string, string[]>();

/** Splits a field-spec path on unescaped slashes. */
export function splitPath(p: string): string[] {
  let parts = splitCache.get(p);
  if (parts) return parts;
  parts = [];
  let cur = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\' && p[i + 1] === '/') {
      cur += '/';
      i++;
    } else if (c === '/') {
      parts.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  parts.push(cur);
  // As kyaml's PathSplitter: a leading slash is allowed ("/metadata/labels").
  if (parts.length > 1 && parts[0] === '') parts.shift();
  splitCache.set(p, parts);
  return parts;
}

export function fieldSpecMatches(fs: Gvk, obj: JsonObject): boolean {
  if (fs.kind && fs.kind !== obj.kind) return false;
  if (!fs.group && !fs.version) return true;
  const { group, version } = parseApiVersion(typeof obj.apiVersion === 'string' ? obj.apiVersion : '');
  if (fs.group && fs.group !== group) return false;
  if (fs.version && fs.version !== version) return false;
  return true;
}

export class FieldSpecError extends Error {}

function isMap(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Visits every place `fs.path` reaches in `obj` (entering lists element by element), creating
 * missing fields when `fs.create` and `createKind` say so, and calls `set` on each final slot.
 * Mirrors kustomize's fieldspec filter, including its error on scalars in the middle of a path.
 */
export function applyFieldSpec(obj: JsonObject, fs: FieldSpec, set: (slot: Slot) => void, createKind?: CreateKind): void {
  if (!fieldSpecMatches(fs, obj)) return;
  const parts = splitPath(fs.path);
  walk({ parent: { root: obj }, key: 'root' }, parts, 0, fs.create, createKind, set, fs.path);
}

function walk(slot: Slot, parts: string[], i: number, create: boolean, createKind: CreateKind, set: (s: Slot) => void, path: string): void {
  if (i === parts.length) {
    set(slot);
    return;
  }
  const node = slotValue(slot);
  if (node === null || node === undefined) return;
  if (Array.isArray(node)) {
    for (let j = 0; j < node.length; j++) walk({ parent: node, key: j }, parts, i, create, createKind, set, path);
    return;
  }
  if (!isMap(node)) throw new FieldSpecError(`expected sequence or mapping node at '${parts.slice(0, i).join('/')}' of path '${path}'`);
  let name = parts[i];
  let isSeq = false;
  if (name.endsWith('[]')) {
    name = name.slice(0, -2);
    isSeq = true;
  }
  if (name === '') throw new FieldSpecError('cannot set or create an empty field name');
  const last = i === parts.length - 1;
  const value = node[name];
  const canCreate = create && createKind !== undefined && !isSeq;
  if (canCreate) {
    const kind = last ? createKind : 'map';
    if (!(name in node)) {
      node[name] = kind === 'map' ? {} : undefined;
      if (kind !== 'map') {
        // A new scalar: the setter decides its value.
        set({ parent: node, key: name });
        if (node[name] === undefined) delete node[name];
        return;
      }
    } else if (value === null && kind === 'map') {
      node[name] = {};
    }
  }
  if (!(name in node)) return;
  walk({ parent: node, key: name }, parts, i + 1, create, createKind, set, path);
}
