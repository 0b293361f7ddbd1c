/**
 * Values that came out of decryption (SOPS) and must not be shown: `tideway render` (unless
 * --show-secrets), `diff` output, messages and logs replace them with a mask. A value is matched as
 * it was decrypted and as its base64 (how a Secret's `data` or a generated Secret carries it).
 * Pure: no Buffer, no I/O.
 */
export interface SensitiveValues {
  /** Exact strings to hide (plaintext and base64 forms). */
  readonly exact: ReadonlySet<string>;
  /** Strings long enough to be hidden also inside longer strings (a password in a URL). */
  readonly embedded: readonly string[];
}

export const MASK = '*** (decrypted) ***';
/** Shorter values are only hidden when a whole string equals them: a short value inside text is too common. */
const MIN_EMBEDDED_LENGTH = 6;

export const NO_SENSITIVE_VALUES: SensitiveValues = { exact: new Set(), embedded: [] };

export function sensitiveValues(values: Iterable<string>): SensitiveValues {
  const exact = new Set<string>();
  for (const value of values) {
    if (value === '') continue;
    exact.add(value);
    exact.add(base64(value));
    const trimmed = value.trim();
    if (trimmed && trimmed !== value) exact.add(trimmed);
  }
  const embedded = [...exact].filter((v) => v.length >= MIN_EMBEDDED_LENGTH).sort((a, b) => b.length - a.length);
  return { exact, embedded };
}

export function mergeSensitive(...all: Array<SensitiveValues | undefined>): SensitiveValues {
  const exact = new Set<string>();
  for (const s of all) for (const v of s?.exact ?? []) exact.add(v);
  return { exact, embedded: [...exact].filter((v) => v.length >= MIN_EMBEDDED_LENGTH).sort((a, b) => b.length - a.length) };
}

export function hasSensitive(s: SensitiveValues | undefined): s is SensitiveValues {
  return !!s && s.exact.size > 0;
}

/** `text` with every sensitive value in it replaced by the mask. */
export function redactSensitive(text: string, s: SensitiveValues | undefined): string {
  if (!hasSensitive(s)) return text;
  if (s.exact.has(text)) return MASK;
  let out = text;
  for (const v of s.embedded) if (out.includes(v)) out = out.split(v).join(MASK);
  return out;
}

/** A copy of `value` with every string holding a sensitive value masked (mapping keys are kept). */
export function maskSensitive<T>(value: T, s: SensitiveValues | undefined): T {
  if (!hasSensitive(s)) return value;
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return redactSensitive(v, s);
    if (depth > 100 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, inner] of Object.entries(v as Record<string, unknown>)) out[k] = walk(inner, depth + 1);
    return out;
  };
  return walk(value, 0) as T;
}

/** Shown in place of a live value where the desired value is a decrypted one and differs from it. */
export const PREVIOUS_MASK = '*** (decrypted, previous value) ***';

/**
 * Masks a live object and its desired form together: a field whose desired value holds a decrypted
 * value is masked on both sides, so the previous value (an older revision's secret, which this render
 * did not decrypt) is never shown either; the two masks differ when the values do, so a diff still
 * shows that the field changed.
 */
export function maskSensitivePair<T>(live: T, desired: T, s: SensitiveValues | undefined): [T, T] {
  if (!hasSensitive(s)) return [live, desired];
  const walk = (l: unknown, d: unknown, depth: number): [unknown, unknown] => {
    if (typeof d === 'string') {
      const masked = redactSensitive(d, s);
      if (masked === d) return [maskSensitive(l, s), d];
      return [typeof l === 'string' ? (l === d ? masked : PREVIOUS_MASK) : maskSensitive(l, s), masked];
    }
    if (depth > 100 || d === null || typeof d !== 'object' || l === null || typeof l !== 'object' || Array.isArray(l) !== Array.isArray(d))
      return [maskSensitive(l, s), maskSensitive(d, s)];
    if (Array.isArray(d)) {
      const la = l as unknown[];
      const pairs = d.map((item, i) => walk(la[i], item, depth + 1));
      return [
        [...pairs.map((p) => p[0]).slice(0, la.length), ...la.slice(d.length).map((v) => maskSensitive(v, s))],
        pairs.map((p) => p[1]),
      ];
    }
    const lo = l as Record<string, unknown>;
    const outL: Record<string, unknown> = {};
    const outD: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(d as Record<string, unknown>)) {
      const [a, b] = walk(lo[k], v, depth + 1);
      outD[k] = b;
      if (k in lo) outL[k] = a;
    }
    for (const [k, v] of Object.entries(lo)) if (!(k in outL)) outL[k] = maskSensitive(v, s);
    return [outL, outD];
  };
  const [l, d] = walk(live, desired, 0);
  return [l as T, d as T];
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 of the UTF-8 bytes of `text`. */
export function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    out += ALPHABET[a >> 2] + ALPHABET[((a & 3) << 4) | ((b ?? 0) >> 4)];
    out += b === undefined ? '=' : ALPHABET[((b & 15) << 2) | ((c ?? 0) >> 6)];
    out += c === undefined ? '=' : ALPHABET[c & 63];
  }
  return out;
}
