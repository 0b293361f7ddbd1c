import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API tokens: `tw_<id>_<secret>`. The id (12 characters) is public: listed, named in audit events,
 * used to revoke; the secret (32 random bytes) is kept only as its SHA-256 (a token is high-entropy,
 * so a fast hash suffices, as GitHub's and GitLab's are kept).
 */
const tokenPattern = /^tw_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function newToken(): { id: string; secret: string; token: string } {
  const id = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, token: `tw_${id}_${secret}` };
}

export function parseToken(token: string): { id: string; secret: string } | undefined {
  const m = tokenPattern.exec(token);
  return m ? { id: m[1], secret: m[2] } : undefined;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Compares two strings in time that does not depend on where they differ (both are hashed first). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** A token lifetime: `30d`, `12h`, `90m`; at most 366 days. */
export function parseTokenTtl(text: string, field = 'expiresIn'): number {
  const m = /^(\d{1,6})(m|h|d)$/.exec(text.trim());
  const ms = m ? Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'] : Number.NaN;
  if (!(ms > 0) || ms > 366 * 86_400_000) throw new RangeError(`${field}: must be a lifetime such as 30d, 12h or 90m, at most 366d`);
  return ms;
}
