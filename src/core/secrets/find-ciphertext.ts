import type { RenderedObject } from '../model/manifest.js';

/** Where SOPS ciphertext was found in a rendered object: the object, its origin, and the field. */
export interface CiphertextFound {
  object: RenderedObject;
  field: string;
}

const PREFIX = 'ENC[AES256_GCM,data:';

/**
 * The first rendered object that still holds SOPS ciphertext: a top-level `sops` metadata key, a
 * string value `ENC[AES256_GCM,...]`, or a Secret `data` value whose base64 decodes to one (a
 * Secret generated from an encrypted file). Such an object must never be applied: the app lacks
 * `spec.source.decryption`, or a file was not decrypted. Pure.
 */
export function findCiphertext(objects: readonly RenderedObject[]): CiphertextFound | undefined {
  for (const rendered of objects) {
    const o = rendered.object as Record<string, unknown>;
    const sops = o.sops;
    if (sops && typeof sops === 'object' && 'mac' in (sops as object)) return { object: rendered, field: 'sops' };
    if (holdsEncString(o, 0)) return { object: rendered, field: findEncString(o, '', 0) ?? '(value)' };
    if (o.kind === 'Secret' && o.data && typeof o.data === 'object') {
      for (const [k, v] of Object.entries(o.data as Record<string, unknown>)) {
        if (typeof v === 'string' && v.length > 24 && decodesToCiphertext(v)) return { object: rendered, field: `data.${k}` };
      }
    }
  }
  return undefined;
}

/** The fast check, on every object of every render: no path strings are built. */
function holdsEncString(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return value.charCodeAt(0) === 69 && value.startsWith(PREFIX);
  if (value === null || typeof value !== 'object' || depth > 64) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (holdsEncString(value[i], depth + 1)) return true;
    return false;
  }
  for (const key in value as Record<string, unknown>) if (holdsEncString((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

/** Where the ciphertext is, once an object is known to hold some. */
function findEncString(value: unknown, path: string, depth: number): string | undefined {
  if (typeof value === 'string') return value.charCodeAt(0) === 69 && value.startsWith(PREFIX) ? path || '(value)' : undefined;
  if (value === null || typeof value !== 'object' || depth > 64) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findEncString(value[i], `${path}[${i}]`, depth + 1);
      if (hit) return hit;
    }
    return undefined;
  }
  for (const key in value as Record<string, unknown>) {
    const hit = findEncString((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key, depth + 1);
    if (hit) return hit;
  }
  return undefined;
}

function decodesToCiphertext(b64: string): boolean {
  try {
    return atob(b64.replace(/\s+/g, '')).includes(PREFIX);
  } catch {
    return false;
  }
}
