/**
 * Go's text forms of scalars, as SOPS writes and reads them (`strconv` in getsops/sops `aes/cipher.go`
 * and `sops.go` `ToBytes`): the MAC hashes these exact bytes, so they must match Go's byte for byte.
 */

/** `strconv.FormatFloat(f, 'f', -1, 64)`: the shortest digits that read back to f, never an exponent. */
export function formatGoFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Number.POSITIVE_INFINITY) return '+Inf';
  if (f === Number.NEGATIVE_INFINITY) return '-Inf';
  if (Object.is(f, -0)) return '-0';
  const text = String(f);
  const e = text.indexOf('e');
  if (e === -1) return text;
  const negative = text.startsWith('-');
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const [whole, fraction = ''] = mantissa.split('.');
  const digits = whole + fraction;
  const point = whole.length + exponent; // position of the decimal point in `digits`
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${out}` : out;
}

/** `strconv.Atoi`: an optional sign and decimal digits, within 64 bits; a number, or a bigint beyond 2^53. */
export function parseGoInt(text: string): number | bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const big = BigInt(text.startsWith('+') ? text.slice(1) : text);
  if (big > 9223372036854775807n || big < -9223372036854775808n) return undefined;
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

/** `strconv.ParseFloat(s, 64)` for the forms SOPS writes (decimal, exponent, Inf, NaN). */
export function parseGoFloat(text: string): number | undefined {
  if (/^[+-]?(inf|infinity)$/i.test(text)) return text.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^nan$/i.test(text)) return Number.NaN;
  if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(text)) return undefined;
  return Number(text);
}

/** `strconv.ParseBool`. */
export function parseGoBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

/** `ToBytes` in getsops/sops `sops.go`: what the MAC hashes for one leaf. */
export function goBytesOf(value: string | number | bigint | boolean | Uint8Array, kind?: 'int' | 'float'): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (typeof value === 'boolean') return Buffer.from(value ? 'True' : 'False');
  if (typeof value === 'bigint') return Buffer.from(value.toString());
  if (kind === 'float' || !Number.isSafeInteger(value)) return Buffer.from(formatGoFloat(value));
  return Buffer.from(String(value));
}
