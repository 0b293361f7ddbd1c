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
