import { createHash } from 'node:crypto';
import type { Manifest } from '../../core/model/manifest.js';

/** Annotation holding a hash of the desired object Tideway last applied. */
export const DESIRED_HASH_ANNOTATION = 'tideway.dev/desired-hash';

/** The same value with every object's keys in sorted order, so that its JSON is canonical. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortedKeys((value as Record<string, unknown>)[key]);
  return out;
}

/** Canonical JSON: sorted keys, as JSON.stringify writes everything else (a timestamp as its ISO text). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedKeys(value)) ?? 'null';
}

/**
 * The object to send, carrying a hash of itself. When the live object carries the same hash, no
 * field was removed from the desired state since the last apply, so a field-subset check suffices
 * to know that applying again would change nothing.
 */
export function withDesiredHash(object: Manifest): { body: Manifest; hash: string } {
  const hash = createHash('sha256').update(canonicalJson(object)).digest('hex').slice(0, 16);
  const body: Manifest = {
    ...object,
    metadata: { ...object.metadata, annotations: { ...object.metadata.annotations, [DESIRED_HASH_ANNOTATION]: hash } },
  };
  return { body, hash };
}

const HASH_BATCH = 50;

/**
 * Each object's body with its desired hash, a batch per turn of the event loop, for as long as
 * `waiting()` holds (the lists an apply waits for are in flight, and their responses are read as
 * they come). What is left unhashed, and an object that cannot be hashed, is undefined: its apply
 * then hashes it itself (and fails on its own, as one object's outcome, if it cannot).
 */
export async function hashWhile(
  objects: Manifest[],
  waiting: () => boolean,
): Promise<Array<ReturnType<typeof withDesiredHash> | undefined>> {
  const out: Array<ReturnType<typeof withDesiredHash> | undefined> = [];
  for (let at = 0; at < objects.length; at += HASH_BATCH) {
    await new Promise((resolve) => setImmediate(resolve));
    if (!waiting()) break;
    for (const object of objects.slice(at, at + HASH_BATCH)) {
      try {
        out.push(withDesiredHash(object));
      } catch {
        out.push(undefined);
      }
    }
  }
  return out;
}
