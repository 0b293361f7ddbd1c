import type { RenderedObject } from './manifest.js';
import { refKey, refOf } from './object-ref.js';

/**
 * Groups of objects that share group, kind, namespace and name (the API version is not part of an
 * object's identity), in order of first appearance; only groups of two or more are returned.
 * Hooks named by `metadata.generateName` are never duplicates.
 * An empty namespace is a value of its own here: it is filled in later from the destination.
 */
export function findDuplicates(objects: readonly RenderedObject[]): RenderedObject[][] {
  const groups = new Map<string, RenderedObject[]>();
  for (const rendered of objects) {
    if (rendered.object.metadata.name === undefined) continue; // a hook named by generateName: a new object on each run
    const key = refKey(refOf(rendered.object));
    const group = groups.get(key);
    if (group) group.push(rendered);
    else groups.set(key, [rendered]);
  }
  return [...groups.values()].filter((group) => group.length > 1);
}
