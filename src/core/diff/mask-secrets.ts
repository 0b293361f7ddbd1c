import type { Manifest } from '../model/manifest.js';
import { maskSensitivePair, type SensitiveValues } from '../secrets/sensitive-values.js';

function isSecret(object: Manifest | undefined): boolean {
  return !!object && object.kind === 'Secret' && object.apiVersion === 'v1';
}

/**
 * Replaces every value of a Secret's `data` and `stringData` with a mask, in both versions of the
 * object at once: equal values get the same mask and different values different masks, so a diff
 * still shows which keys changed, but never a value nor its length. Values decrypted from SOPS files
 * (`sensitive`) are masked wherever they appear, in any kind of object, and so is the live value of a
 * field that now holds one (`a` is the live object, `b` the desired one).
 */
export function maskSecretPair(
  a: Manifest | undefined,
  b: Manifest | undefined,
  sensitive?: SensitiveValues,
): [Manifest | undefined, Manifest | undefined] {
  [a, b] = maskSensitivePair(a, b, sensitive);
  if (!isSecret(a) && !isSecret(b)) return [a, b];
  const masks = new Map<string, string>();
  const maskOf = (value: unknown) => {
    const key = typeof value === 'string' ? value : JSON.stringify(value);
    let mask = masks.get(key);
    if (!mask) {
      mask = '*'.repeat(8 + masks.size);
      masks.set(key, mask);
    }
    return mask;
  };
  const mask = (o: Manifest | undefined): Manifest | undefined => {
    if (!o) return o;
    const out: Manifest = { ...o };
    for (const field of ['data', 'stringData'] as const) {
      const values = o[field];
      if (values && typeof values === 'object') {
        out[field] = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, maskOf(v)]));
      }
    }
    return out;
  };
  return [mask(a), mask(b)];
}
