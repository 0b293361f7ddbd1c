import { randomBytes } from 'node:crypto';
import type { Grant } from '../core/auth/authorize.js';
import type { AuthStore, SessionMethod, TokenRecord } from './auth-store.js';
import { adminUser, type AuthConfig } from './auth-config.js';
import { newToken, parseToken, sameSecret, sha256 } from './api-token.js';
import { createLoginRateLimit, type LoginRateLimit } from './login-rate-limit.js';
import { decoyHash, hashPassword, randomPassword, verifyPassword, type ScryptCost } from './password-hash.js';

/** Who a request comes from, once authenticated; `user` is what history and audit record. */
export interface Principal {
  /** The authenticated user: whose grants and tokens these are. */
  user: string;
  /** What history and audit record when it differs from `user`: `admin (as alice)` (see authenticate.ts). */
  actor?: string;
  grants: Grant[];
  /** session: a signed-in browser (cookie); token: an API token; admin-token: the data dir's api-token file. */
  via: 'session' | 'token' | 'admin-token';
  method?: SessionMethod;
  /** Sessions only: what state-changing requests must echo in X-CSRF-Token. */
  csrfToken?: string;
  sessionIdHash?: string;
  tokenId?: string;
}

export type LoginResult =
  | { ok: true; sessionId: string; principal: Principal; expiresAt: string }
  | { ok: false; status: 401 | 429; error: string; retryAfterSeconds?: number };

export interface TokenView {
  id: string;
  user: string;
  name: string;
  createdAt: string;
  expiresAt?: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

export interface AuthAuditEvent {
  actor: string;
  action: 'auth.login' | 'auth.login.failed' | 'auth.logout' | 'token.created' | 'token.revoked';
  detail: Record<string, unknown>;
}

export interface AuthServiceOptions {
  store: AuthStore;
  config: AuthConfig;
  /** The token in the data dir's `api-token` file: it acts as the user admin (the CLI's token). */
  adminToken?: string;
  now?: () => Date;
  rateLimit?: LoginRateLimit;
  /** Records sign-ins and token changes in the audit log. */
  audit?: (event: AuthAuditEvent) => void;
  /** Password hashing cost (tests lower it). */
  scryptCost?: ScryptCost;
}

const sessionCookieBytes = 32;

function view(t: TokenRecord): TokenView {
  const { secretHash: _s, ...rest } = t;
  return rest;
}

/**
 * Sign-in and the identities of requests: local users (password, scrypt), sessions (server-side,
 * found by the SHA-256 of the cookie), API tokens per user (hashed), the admin's file token, and
 * single sign-on users (through `openSession` once the OIDC flow has verified them). Grants come from
 * the config at each request, so a changed config applies to open sessions at once.
 */
export function createAuthService(options: AuthServiceOptions) {
  const { store, config } = options;
  const now = options.now ?? (() => new Date());
  const rateLimit = options.rateLimit ?? createLoginRateLimit();
  const audit = options.audit ?? (() => undefined);
  const localUsers = new Map(config.users.map((u) => [u.name, u]));

  /** The grants of a local user, or of a single sign-on user by their groups. */
  function grantsOf(user: string, method: SessionMethod | 'token', groups: string[] = []): Grant[] {
    if (method === 'oidc') {
      const mapped = config.oidc?.groups.filter((g) => groups.includes(g.group)).flatMap((g) => g.grants) ?? [];
      return mapped;
    }
    if (user === adminUser) return [{ role: 'admin' }];
    return localUsers.get(user)?.grants ?? [];
  }

  async function openSession(
    user: string,
    method: SessionMethod,
    groups: string[],
  ): Promise<{ sessionId: string; principal: Principal; expiresAt: string }> {
    const sessionId = randomBytes(sessionCookieBytes).toString('base64url');
    const createdAt = now();
    const expiresAt = new Date(createdAt.getTime() + config.sessionTtlMs).toISOString();
    const csrfToken = randomBytes(24).toString('base64url');
    const idHash = sha256(sessionId);
    await store.deleteExpiredSessions(createdAt.toISOString());
    await store.createSession({ idHash, user, method, groups, csrfToken, createdAt: createdAt.toISOString(), expiresAt });
    audit({ actor: user, action: 'auth.login', detail: { method } });
    return {
      sessionId,
      expiresAt,
      principal: { user, grants: grantsOf(user, method, groups), via: 'session', method, csrfToken, sessionIdHash: idHash },
    };
  }

  return {
    config,
    grantsOf,

    /** Makes sure the user admin can sign in: at first start, a random password, returned once to be written to a file. */
    async ensureAdmin(): Promise<{ initialPassword?: string }> {
      const stamp = now().toISOString();
      for (const u of config.users) {
        if (!u.passwordHash) continue;
        const current = await store.getUser(u.name);
        if (current?.passwordHash !== u.passwordHash) await store.putUser({ name: u.name, passwordHash: u.passwordHash }, stamp);
      }
      if (await store.getUser(adminUser)) return {};
      const initialPassword = randomPassword();
      await store.putUser({ name: adminUser, passwordHash: await hashPassword(initialPassword, options.scryptCost) }, stamp);
      return { initialPassword };
    },

    async setPassword(user: string, password: string): Promise<void> {
      await store.putUser({ name: user, passwordHash: await hashPassword(password, options.scryptCost) }, now().toISOString());
    },

    /** A local sign-in. The answer never says whether the user exists; a missing user costs as much time as a wrong password. */
    async login(user: string, password: string, client: string): Promise<LoginResult> {
      const wait = rateLimit.blocked(user, client);
      if (wait !== undefined) {
        audit({ actor: user.slice(0, 64), action: 'auth.login.failed', detail: { reason: 'rate limited', client } });
        return { ok: false, status: 429, error: `too many failed sign-ins; try again in ${wait} s`, retryAfterSeconds: wait };
      }
      const known = user === adminUser || localUsers.has(user);
      const record = known ? await store.getUser(user) : undefined;
      const valid = await verifyPassword(password, record?.passwordHash ?? (await decoyHash(options.scryptCost)));
      if (!record || !valid) {
        rateLimit.failed(user, client);
        audit({ actor: user.slice(0, 64), action: 'auth.login.failed', detail: { reason: 'wrong user name or password', client } });
        return { ok: false, status: 401, error: 'wrong user name or password' };
      }
      rateLimit.succeeded(user);
      return { ok: true, ...(await openSession(user, 'password', [])) };
    },

    /** A single sign-on user the OIDC flow has verified: a session with the grants of their groups. */
    openOidcSession: (user: string, groups: string[]) => openSession(user, 'oidc', groups),

    async logout(principal: Principal): Promise<void> {
      if (principal.sessionIdHash) await store.deleteSession(principal.sessionIdHash);
      audit({ actor: principal.user, action: 'auth.logout', detail: {} });
    },

    async authenticateSession(cookie: string): Promise<Principal | undefined> {
      if (cookie.length > 200) return undefined;
      const idHash = sha256(cookie);
      const s = await store.getSession(idHash);
      if (!s) return undefined;
      if (s.expiresAt <= now().toISOString()) {
        await store.deleteSession(idHash);
        return undefined;
      }
      return {
        user: s.user,
        grants: grantsOf(s.user, s.method, s.groups),
        via: 'session',
        method: s.method,
        csrfToken: s.csrfToken,
        sessionIdHash: idHash,
      };
    },

    async authenticateBearer(token: string): Promise<Principal | undefined> {
      const parsed = parseToken(token);
      if (parsed) {
        const t = await store.getToken(parsed.id);
        if (!t || !sameSecret(sha256(parsed.secret), t.secretHash)) return undefined;
        const at = now().toISOString();
        if (t.revokedAt || (t.expiresAt && t.expiresAt <= at)) return undefined;
        await store.touchToken(t.id, at);
        return { user: t.user, grants: grantsOf(t.user, 'token'), via: 'token', tokenId: t.id };
      }
      if (options.adminToken && sameSecret(token, options.adminToken))
        return { user: adminUser, grants: [{ role: 'admin' }], via: 'admin-token' };
      return undefined;
    },

    /** A new API token for a local user; the token itself is returned once and never stored. */
    async createToken(user: string, name: string, ttlMs: number | undefined, actor: string): Promise<TokenView & { token: string }> {
      const { id, secret, token } = newToken();
      const createdAt = now();
      const record: TokenRecord = { id, user, name, secretHash: sha256(secret), createdAt: createdAt.toISOString() };
      if (ttlMs !== undefined) record.expiresAt = new Date(createdAt.getTime() + ttlMs).toISOString();
      await store.createToken(record);
      audit({ actor, action: 'token.created', detail: { id, user, name, expiresAt: record.expiresAt } });
      return { ...view(record), token };
    },

    async listTokens(user?: string): Promise<TokenView[]> {
      return (await store.listTokens(user)).map(view);
    },

    getToken: async (id: string) => {
      const t = await store.getToken(id);
      return t && view(t);
    },

    async revokeToken(id: string, actor: string): Promise<boolean> {
      const done = await store.revokeToken(id, now().toISOString());
      if (done) audit({ actor, action: 'token.revoked', detail: { id } });
      return done;
    },

    /** Local users may hold API tokens; single sign-on users' grants depend on groups only the identity provider knows. */
    isLocalUser: (user: string) => user === adminUser || localUsers.has(user),
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
