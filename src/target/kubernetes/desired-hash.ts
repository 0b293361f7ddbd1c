import { createHash } from 'node:crypto';
import type { Manifest } from '../../core/model/manifest.js';

/** Annotation holding a hash of the desired object Tideway last applied. */
export const DESIRED_HASH_ANNOTATION = 'tideway.dev/desired-hash';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The object to send, carrying a hash of itself. When the live object carries the same hash, no
 * field was removed from the desired state since the last apply, so a field-subset check suffices
 * to know that applying again would change nothing.
 */
export function withDesiredHash(object: Manifest): { body: Manifest; hash: string } {
  const hash = createHash('sha256').update(canonical(object)).digest('hex').slice(0, 16);
  const body: Manifest = {
    ...object,
    metadata: { ...object.metadata, annotations: { ...object.metadata.annotations, [DESIRED_HASH_ANNOTATION]: hash } },
  };
  return { body, hash };
}
