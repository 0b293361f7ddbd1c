import { setSlot, slotValue } from './field-spec.js';
import { matchSlots } from './field-path.js';
import type { SelectorInput } from './kustomization.js';
import { setResourceNamespace } from './namespace.js';
import type { ResourceMap } from './resource-map.js';
import { scalarText } from './resource.js';
import { selectResources } from './select.js';

/** One target of the ValueAddTransformer plugin. */
export interface ValueAddTarget {
  selector?: SelectorInput;
  /** Slash-separated path (`\/` escapes a slash) of the field to set. */
  fieldPath: string;
  /** When > 0, the value is inserted into the field's file path at this (1-based) position. */
  filePathPosition?: number;
}

/**
 * kustomize's ValueAddTransformer: puts `value` at each target's field path in the resources its
 * selector picks (all without a selector), creating the field, or inserts it into the file path the
 * field holds (`filePathPosition`). `metadata/namespace` is set as the namespace transformer sets it.
 */
export function addValue(m: ResourceMap, value: string, targets: ValueAddTarget[]): void {
  for (const t of targets) {
    const resources = t.selector ? selectResources(m, t.selector) : m.resources();
    for (const r of resources) {
      if (t.fieldPath === 'metadata/namespace') {
        setResourceNamespace(r, value, []);
        continue;
      }
      for (const slot of matchSlots(r.obj, splitEscaped(t.fieldPath), 'scalar')) {
        const current = slotValue(slot);
        if (current !== null && current !== undefined && typeof current === 'object')
          throw new Error(`wrong node kind: expected ScalarNode but got ${Array.isArray(current) ? 'SequenceNode' : 'MappingNode'}`);
        const pos = t.filePathPosition ?? 0;
        setSlot(slot, pos > 0 ? insertPathPart(scalarText(current), pos - 1, value) : value);
      }
    }
  }
  m.invalidate();
}

/** Splits on "/", a field ending in "\" joining the next (as the valueadd filter splits). */
function splitEscaped(p: string): string[] {
  const out: string[] = [];
  for (const f of p.split('/')) {
    const last = out.length - 1;
    if (last >= 0 && out[last].endsWith('\\')) out[last] = `${out[last].slice(0, -1)}/${f}`;
    else out.push(f);
  }
  return out;
}

/** filesys.PathSplit: "" -> [], "/a/b" -> ["", "a", "b"], "a/b" -> ["a", "b"]. */
function pathSplit(p: string): string[] {
  if (p === '') return [];
  const parts = p.split('/');
  return parts[0] === '' ? ['', ...parts.slice(1).filter((x) => x !== '')] : parts.filter((x) => x !== '');
}

/** filesys.PathJoin: a leading "" makes the path absolute; empty parts are dropped as filepath.Join does. */
function pathJoin(parts: string[]): string {
  if (parts.length === 0) return '';
  const rest = (parts[0] === '' ? parts.slice(1) : parts).filter((x) => x !== '');
  return parts[0] === '' ? `/${rest.join('/')}` : rest.join('/');
}

/**
 * kyaml's filesys.InsertPathPart: inserts `part` into `path` at `pos` (0 = first), keeping an
 * absolute path absolute; a position past the end appends.
 */
export function insertPathPart(path: string, pos: number, part: string): string {
  if (part === '') return path;
  const parts = pathSplit(path);
  let at = Math.max(0, Math.min(pos, parts.length));
  if (parts.length > 0 && parts[0] === '' && at < parts.length) at++;
  return pathJoin([...parts.slice(0, at), part, ...parts.slice(at)]);
}
