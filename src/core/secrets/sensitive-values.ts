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
