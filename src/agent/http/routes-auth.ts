import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AuthService, Principal } from '../../auth/auth-service.js';
import type { OidcLogin } from '../../auth/oidc-login.js';
import { highestRole } from '../../core/auth/authorize.js';
import type { ApiEnv } from './api-env.js';
import { ownOrigin, sameOrigin, sessionCookie } from './authenticate.js';
import { jsonError } from './respond.js';

const oidcStateCookie = 'tideway_oidc_state';

export interface AuthRoutesOptions {
  auth: AuthService;
  oidc?: OidcLogin;
  /** Cookies carry `Secure` (the API is served over HTTPS). */
  secureCookies: boolean;
  /** The OIDC redirect URL, when the config names one; else this origin's `/auth/oidc/callback`. */
  oidcRedirectUrl?: string;
}

/** The client's address, for rate limiting (`unknown` when the request did not come through a socket). */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function setSession(c: Context, options: AuthRoutesOptions, sessionId: string, expiresAt: string) {
  setCookie(c, sessionCookie, sessionId, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: options.secureCookies,
    path: '/',
    expires: new Date(expiresAt),
  });
}

/** What the dashboard needs to know about who is signed in. */
export function describePrincipal(p: Principal) {
  return { user: p.user, role: highestRole(p.grants) ?? null, grants: p.grants, via: p.via, method: p.method, csrfToken: p.csrfToken };
}

/**
 * Sign-in, open routes (no credential yet):
 *   GET  /auth/info               { oidc: boolean }: whether single sign-on is offered
 *   POST /auth/login              { username, password } as JSON from this origin -> session cookie
 *   GET  /auth/oidc/start         -> the identity provider (state cookie set)
 *   GET  /auth/oidc/callback      <- the identity provider -> session cookie, back to the dashboard
 * A sign-in answers 401 without saying whether the user exists, 429 past the rate limit.
 */
export function authRoutes(options: AuthRoutesOptions): Hono {
  const { auth, oidc } = options;
  const routes = new Hono();

  routes.get('/info', (c) => c.json({ oidc: !!oidc }));

  routes.post('/login', bodyLimit({ maxSize: 8 * 1024, onError: (c) => jsonError(c, 413, 'body: larger than 8192 bytes') }), async (c) => {
    // A form posted from another site cannot send JSON without a CORS preflight this server never grants.
    if (!sameOrigin(c)) return jsonError(c, 403, 'sign-in from another origin refused');
    if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) return jsonError(c, 415, 'send the sign-in as application/json');
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return jsonError(c, 400, 'body: is not valid JSON');
    }
    const { username, password } = (body ?? {}) as Record<string, unknown>;
    if (typeof username !== 'string' || username === '' || username.length > 128)
      return jsonError(c, 400, 'username: must be a non-empty string');
    if (typeof password !== 'string' || password === '' || password.length > 1024)
      return jsonError(c, 400, 'password: must be a non-empty string');
    const result = await auth.login(username, password, clientAddress(c));
    if (!result.ok) {
      if (result.retryAfterSeconds) c.header('Retry-After', String(result.retryAfterSeconds));
      return jsonError(c, result.status, result.error);
    }
    setSession(c, options, result.sessionId, result.expiresAt);
    return c.json(describePrincipal(result.principal));
  });

  routes.get('/oidc/start', async (c) => {
    if (!oidc) return jsonError(c, 404, 'single sign-on is not configured');
    const redirectUri = options.oidcRedirectUrl ?? `${ownOrigin(c)}/auth/oidc/callback`;
    try {
      const { url, state } = await oidc.start(redirectUri);
      setCookie(c, oidcStateCookie, state, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: options.secureCookies,
        path: '/auth/oidc',
        maxAge: 600,
      });
      return c.redirect(url, 302);
    } catch (error) {
      return jsonError(c, 502, (error as Error).message);
    }
  });

  routes.get('/oidc/callback', async (c) => {
    if (!oidc) return jsonError(c, 404, 'single sign-on is not configured');
    const back = (error: string) => c.redirect(`/#/login?error=${encodeURIComponent(error.slice(0, 200))}`, 302);
    const providerError = c.req.query('error');
    if (providerError) return back(`the identity provider refused: ${providerError}`);
    const bound = getCookie(c, oidcStateCookie);
    deleteCookie(c, oidcStateCookie, { path: '/auth/oidc' });
    try {
      const identity = await oidc.finish(new URL(c.req.url), bound);
      const session = await auth.openOidcSession(identity.user, identity.groups);
      setSession(c, options, session.sessionId, session.expiresAt);
      return c.redirect('/#/apps', 302);
    } catch (error) {
      return back(`single sign-on failed: ${(error as Error).message}`);
    }
  });

  return routes;
}

/** Signed-in routes under /api/v1: `GET /me`, `POST /logout`. */
export function meRoutes(auth: AuthService, secureCookies: boolean): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();
  routes.get('/me', (c) => c.json(describePrincipal(c.get('principal'))));
  routes.post('/logout', async (c) => {
    await auth.logout(c.get('principal'));
    deleteCookie(c, sessionCookie, { path: '/', secure: secureCookies });
    return c.json({ signedOut: true });
  });
  return routes;
}
