import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Compares a received secret or signature with the expected one in time that depends on neither.
 * Both sides are hashed to 32 bytes first, so `timingSafeEqual` always sees equal lengths and a
 * length difference cannot be learned from an early return.
 */
export function constantTimeEqual(received: string, expected: string): boolean {
  const a = createHash('sha256').update(received, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The lowercase hex HMAC-SHA256 of the raw body. */
export function hmacSha256Hex(secret: string, body: Buffer): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/**
 * Checks a hex HMAC-SHA256 signature (with an optional `sha256=` prefix that the sender's scheme requires)
 * of the body. Returns undefined when it matches, otherwise a reason naming the header, never its value.
 */
export function checkHmacHeader(
  request: { headers: Record<string, string | undefined>; body: Buffer },
  secret: string,
  header: string,
  prefix: '' | 'sha256=',
): string | undefined {
  const value = request.headers[header];
  if (value === undefined || value === '') return `missing ${header} header`;
  const given = value.trim();
  if (prefix && !given.toLowerCase().startsWith(prefix)) return `${header} is not a ${prefix.slice(0, -1)} signature`;
  const hex = given.slice(prefix.length).toLowerCase();
  return constantTimeEqual(hex, hmacSha256Hex(secret, request.body)) ? undefined : `${header} does not match the body`;
}
