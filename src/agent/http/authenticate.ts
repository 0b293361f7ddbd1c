import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AuthService, Principal } from '../../auth/auth-service.js';
import { sameSecret } from '../../auth/api-token.js';
import type { ApiEnv } from './api-env.js';

export const sessionCookie = 'tideway_session';

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The origin the request was sent to (scheme and Host header), to compare with its Origin header. */
export function ownOrigin(c: Context): string {
  const url = new URL(c.req.url);
  return `${url.protocol}//${c.req.header('host') ?? url.host}`;
}

/**
 * A cross-site request never passes: its Origin (sent by browsers on every POST) must be this
 * server's own. Requests without an Origin (command-line clients) pass this check.
 */
export function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  if (origin === undefined) return true;
  return origin === ownOrigin(c);
}

/** A printable `X-Tideway-User` claim, at most 64 characters, else undefined. */
function claimedName(c: Context): string | undefined {
  const name = c.req.header('x-tideway-user');
  if (!name || name.length > 64 || /[^\x20-\x7e]/.test(name)) return undefined;
  return name;
}

/**
 * Every `/api/v1` request is authenticated, before any route is looked up:
 * - `Authorization: Bearer <token>`: a user's API token, or the data dir's api-token file (the admin);
 * - else the session cookie of a signed-in browser. A state-changing request on a session must also
 *   carry the session's CSRF token in `X-CSRF-Token` and come from this origin (double defence with
 *   the SameSite=Strict cookie); bearer requests carry no ambient credential and need neither.
 * `X-Tideway-User` is never trusted as an identity: only on the admin's file token is it recorded,
 * as a sub-identity (`admin (as alice)`), for the CLI's users sharing that token.
 * 401 when there is no valid credential; 403 when the CSRF checks fail.
 */
export function authenticate(auth: AuthService): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    let principal: Principal | undefined;
    if (header !== undefined) {
      const given = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header)?.[1];
      principal = given === undefined ? undefined : await auth.authenticateBearer(given);
      if (!principal) {
        c.header('WWW-Authenticate', 'Bearer realm="tideway"');
        return c.json({ error: 'invalid bearer token' }, 401);
      }
      const claimed = principal.via === 'admin-token' ? claimedName(c) : undefined;
      if (claimed && claimed !== principal.user) principal = { ...principal, actor: `${principal.user} (as ${claimed})` };
    } else {
      const cookie = getCookie(c, sessionCookie);
      principal = cookie ? await auth.authenticateSession(cookie) : undefined;
      if (!principal) {
        c.header('WWW-Authenticate', 'Bearer realm="tideway"');
        return c.json({ error: 'not signed in (sign in, or send Authorization: Bearer <token>)' }, 401);
      }
      if (stateChanging.has(c.req.method)) {
        const csrf = c.req.header('x-csrf-token');
        if (!sameOrigin(c) || !csrf || !principal.csrfToken || !sameSecret(csrf, principal.csrfToken))
          return c.json({ error: 'CSRF check failed: send the X-CSRF-Token of your session from the dashboard origin' }, 403);
      }
    }
    c.set('principal', principal);
    await next();
  };
}
