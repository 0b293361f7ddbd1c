import { randomInt } from 'node:crypto';
import type { Manifest } from '../../core/model/manifest.js';

/** The alphabet and length the API server uses for generateName suffixes (no vowels, no look-alikes). */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const SUFFIX = 5;
const MAX_BASE = 63 - SUFFIX;

const randomSuffix = () => Array.from({ length: SUFFIX }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

/**
 * Names each hook that has `metadata.generateName` and no name, as the API server would (base cut to
 * 58 characters, then 5 random characters), so that it can be applied, waited on and deleted by
 * name like any other object. Returns copies; the rendered objects (perhaps cached) are left as
 * they are. A new name on every sync: each run of such a hook is a new object.
 */
export function nameGeneratedHooks(objects: Manifest[], suffix: () => string = randomSuffix): Manifest[] {
  if (!objects.some((o) => o.metadata.name === undefined)) return objects;
  return objects.map((o) => {
    if (o.metadata.name !== undefined) return o;
    const base = String(o.metadata.generateName).slice(0, MAX_BASE);
    return { ...o, metadata: { ...o.metadata, name: `${base}${suffix()}` } };
  });
}
