import { randomBytes } from 'node:crypto';

/**
 * Shamir's secret sharing over GF(2^8), as getsops/sops `shamir/shamir.go` (from HashiCorp Vault)
 * writes shares: each share is the y bytes followed by one x byte. Combining interpolates the
 * polynomial of every byte at x = 0.
 */
export function combineShares(parts: Uint8Array[]): Uint8Array {
  if (parts.length < 2) throw new Error('less than two parts cannot be used to reconstruct the secret');
  const length = parts[0].length;
  if (length < 2 || parts.some((p) => p.length !== length)) throw new Error('all parts must be the same length, at least 2 bytes');
  const xs = parts.map((p) => p[length - 1]);
  if (new Set(xs).size !== xs.length) throw new Error('duplicate part detected');
  const secret = new Uint8Array(length - 1);
  for (let i = 0; i < length - 1; i++) {
    let value = 0;
    for (let j = 0; j < parts.length; j++) {
      let basis = 1;
      for (let m = 0; m < parts.length; m++) {
        if (m === j) continue;
        basis = mul(basis, div(xs[m], xs[m] ^ xs[j]));
      }
      value ^= mul(parts[j][i], basis);
    }
    secret[i] = value;
  }
  return secret;
}

/** Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1. */
export function mul(a: number, b: number): number {
  let r = 0;
  for (let i = 0; i < 8; i++) {
    if (b & 1) r ^= a;
    const high = a & 0x80;
    a = (a << 1) & 0xff;
    if (high) a ^= 0x1b;
    b >>= 1;
  }
  return r;
}

function inverse(a: number): number {
  // a^254 = a^-1 in GF(2^8)
  let result = 1;
  let base = a;
  for (let e = 254; e > 0; e >>= 1) {
    if (e & 1) result = mul(result, base);
    base = mul(base, base);
  }
  return result;
}

export function div(a: number, b: number): number {
  if (b === 0) throw new Error('divide by zero');
  return mul(a, inverse(b));
}

/** Splits a secret into `parts` shares, any `threshold` of which rebuild it (share = y bytes, then the x byte). */
export function splitSecret(secret: Uint8Array, parts: number, threshold: number): Uint8Array[] {
  const xs = distinctNonZero(parts);
  const out = xs.map((x) => {
    const share = new Uint8Array(secret.length + 1);
    share[secret.length] = x;
    return share;
  });
  for (let i = 0; i < secret.length; i++) {
    const coefficients = [secret[i], ...randomBytes(threshold - 1)];
    xs.forEach((x, p) => {
      let y = 0;
      for (let c = coefficients.length - 1; c >= 0; c--) y = mul(y, x) ^ coefficients[c];
      out[p][i] = y;
    });
  }
  return out;
}

/** `n` distinct random x coordinates in 1..255. */
function distinctNonZero(n: number): number[] {
  const out = new Set<number>();
  while (out.size < n) {
    const x = randomBytes(1)[0];
    if (x !== 0) out.add(x);
  }
  return [...out];
}
