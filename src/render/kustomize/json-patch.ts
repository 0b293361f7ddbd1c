/**
 * RFC 6902 JSON patch (add, remove, replace, move, copy, test) on JSON-like values, with the
 * behaviour of evanphx/json-patch v4.12 (`Patch.Apply`) that kustomize v5.5 uses: `-` appends,
 * negative indices count from the end, `replace` of a missing key in an existing mapping adds it,
 * a failing `test`, a missing parent (no `EnsurePathExistsOnAdd` in v4) or a missing key to remove
 * is an error. Pure.
 */
import { deepCopy } from './yaml-io.js';

export interface JsonPatchOp {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

export class JsonPatchError extends Error {}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks the shape of a decoded patch document. */
export function toOperations(doc: unknown): JsonPatchOp[] {
  if (!Array.isArray(doc)) throw new JsonPatchError('a JSON patch must be a list of operations');
  return doc.map((op, i) => {
    if (!isMap(op)) throw new JsonPatchError(`operation ${i} is not an object`);
    if (typeof op.op !== 'string') throw new JsonPatchError(`operation ${i} has no "op"`);
    if (typeof op.path !== 'string') throw new JsonPatchError(`operation ${i} (${op.op}) has no "path"`);
    if ((op.op === 'move' || op.op === 'copy') && typeof op.from !== 'string')
      throw new JsonPatchError(`operation ${i} (${op.op}) has no "from"`);
    if (!['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(op.op))
      throw new JsonPatchError(`unexpected kind of operation: ${op.op}`);
    return op as unknown as JsonPatchOp;
  });
}

function parsePointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/')) throw new JsonPatchError(`invalid JSON pointer '${p}'`);
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function index(arr: unknown[], key: string, forAdd: boolean, path: string): number {
  if (forAdd && key === '-') return arr.length;
  if (!/^-?\d+$/.test(key)) throw new JsonPatchError(`unable to access invalid index in '${path}'`);
  let i = parseInt(key, 10);
  if (i < 0) i += arr.length;
  const max = forAdd ? arr.length : arr.length - 1;
  if (i < 0 || i > max) throw new JsonPatchError(`index out of bounds in '${path}'`);
  return i;
}

/** The container holding the last element of `path`, and that element's key. */
function locate(doc: unknown, path: string, op: string): { parent: unknown; key: string } {
  const parts = parsePointer(path);
  if (parts.length === 0) return { parent: undefined, key: '' };
  let cur = doc;
  for (const part of parts.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[index(cur, part, false, path)];
    else if (isMap(cur) && part in cur) cur = cur[part];
    else throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${path}"`);
    if (cur === null || typeof cur !== 'object') throw new JsonPatchError(`${op} operation does not apply: doc is missing path: "${path}"`);
  }
  return { parent: cur, key: parts[parts.length - 1] };
}

function get(doc: unknown, path: string, op: string): unknown {
  const { parent, key } = locate(doc, path, op);
  if (parent === undefined) return doc;
  if (Array.isArray(parent)) return parent[index(parent, key, false, path)];
  if (isMap(parent) && key in parent) return parent[key];
  throw new JsonPatchError(`${op} operation does not apply: doc is missing key: "${path}"`);
}

function add(doc: unknown, path: string, value: unknown): unknown {
  const { parent, key } = locate(doc, path, 'add');
  if (parent === undefined) return value;
  if (Array.isArray(parent)) parent.splice(index(parent, key, true, path), 0, value);
  else if (isMap(parent)) parent[key] = value;
  else throw new JsonPatchError(`add operation does not apply: doc is missing path: "${path}"`);
  return doc;
}

function remove(doc: unknown, path: string, op = 'remove'): { doc: unknown; removed: unknown } {
  const { parent, key } = locate(doc, path, op);
  if (parent === undefined) return { doc: null, removed: doc };
  if (Array.isArray(parent)) {
    const i = index(parent, key, false, path);
    return { doc, removed: parent.splice(i, 1)[0] };
  }
  if (isMap(parent) && key in parent) {
    const removed = parent[key];
    delete parent[key];
    return { doc, removed };
  }
  throw new JsonPatchError(`${op} operation does not apply: doc is missing key: "${path}"`);
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every((k) => k in (b as object) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

/** Applies the operations in order to (and in) `doc`; returns the new document. */
export function applyJsonPatch(doc: unknown, ops: JsonPatchOp[]): unknown {
  let cur = doc;
  for (const op of ops) {
    switch (op.op) {
      case 'add':
        cur = add(cur, op.path, deepCopy(op.value ?? null));
        break;
      case 'remove':
        cur = remove(cur, op.path).doc;
        break;
      case 'replace': {
        const { parent, key } = locate(cur, op.path, 'replace');
        const value = deepCopy(op.value ?? null);
        if (parent === undefined) cur = value;
        else if (Array.isArray(parent)) parent[index(parent, key, false, op.path)] = value;
        else if (isMap(parent))
          parent[key] = value; // v4: a missing key in a mapping reads as null, and is set
        else throw new JsonPatchError(`replace operation does not apply: doc is missing key: ${op.path}`);
        break;
      }
      case 'move': {
        const r = remove(cur, op.from!, 'move');
        cur = add(r.doc, op.path, r.removed);
        break;
      }
      case 'copy':
        cur = add(cur, op.path, deepCopy(get(cur, op.from!, 'copy')));
        break;
      case 'test': {
        let actual: unknown;
        try {
          actual = get(cur, op.path, 'test');
        } catch {
          actual = undefined;
        }
        const expected = op.value ?? null;
        if (actual === undefined ? expected !== null : !jsonEqual(actual, expected)) {
          throw new JsonPatchError(`testing value ${op.path} failed: test failed`);
        }
        break;
      }
      default:
        throw new JsonPatchError(`unexpected kind of operation: ${op.op}`);
    }
  }
  return cur;
}
