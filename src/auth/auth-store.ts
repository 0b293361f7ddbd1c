/**
 * Where sign-in state is kept: local users' password hashes, sessions and API tokens. Asynchronous
 * (a database server may answer: a PostgreSQL implementation will come). Secrets are never stored:
 * sessions and tokens are kept by the SHA-256 of their secret part, passwords as scrypt hashes.
 * Times are ISO 8601 strings.
 */

export interface UserRecord {
  name: string;
  /** `scrypt$...` (see password-hash.ts). */
  passwordHash: string;
  createdAt: string;
  updatedAt: string;
}

/** How a session was opened. */
export type SessionMethod = 'password' | 'oidc';

export interface SessionRecord {
  /** SHA-256 (hex) of the cookie's value. */
  idHash: string;
  user: string;
  method: SessionMethod;
  /** Groups from the ID token (OIDC sessions), mapped to grants at each request. */
  groups: string[];
  /** The token a state-changing request must echo in `X-CSRF-Token`. */
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

export interface TokenRecord {
  /** Public id (`tw_<id>_...`), shown by `tideway token list`. */
  id: string;
  user: string;
  name: string;
  /** SHA-256 (hex) of the token's secret part. */
  secretHash: string;
  createdAt: string;
  expiresAt?: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

export interface AuthStore {
  getUser(name: string): Promise<UserRecord | undefined>;
  /** Creates the user or changes its password hash. */
  putUser(user: { name: string; passwordHash: string }, now: string): Promise<UserRecord>;

  createSession(session: SessionRecord): Promise<void>;
  getSession(idHash: string): Promise<SessionRecord | undefined>;
  deleteSession(idHash: string): Promise<void>;
  /** Forgets sessions expired at `now`; returns how many. */
  deleteExpiredSessions(now: string): Promise<number>;

  createToken(token: TokenRecord): Promise<void>;
  getToken(id: string): Promise<TokenRecord | undefined>;
  /** Tokens of one user (or of all), newest first, revoked ones included. */
  listTokens(user?: string): Promise<TokenRecord[]>;
  /** Marks a token revoked; false when unknown or already revoked. */
  revokeToken(id: string, now: string): Promise<boolean>;
  touchToken(id: string, now: string): Promise<void>;

  close(): Promise<void>;
}
