import type pg from 'pg';
import type { AuthStore, SessionRecord, TokenRecord, UserRecord } from '../auth-store.js';
import { connect, createPool, pgText, redactedUrl, type PostgresConnectionOptions } from '../../store/postgres/connection.js';
import { migratePostgres, type PostgresMigration } from '../../store/postgres/migrate.js';

/**
 * The auth tables in PostgreSQL, versioned apart from the Store's (component `auth` in the shared
 * migrations table), so both can live in one database and change independently. Append; never edit
 * a released migration.
 */
export const authMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    description: 'users, sessions, API tokens',
    sql: `
      CREATE TABLE auth_users (
        name TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE auth_sessions (
        id_hash TEXT PRIMARY KEY,
        "user" TEXT NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('password', 'oidc')),
        groups JSONB NOT NULL DEFAULT '[]',
        csrf_token TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX auth_sessions_expiry ON auth_sessions (expires_at);
      CREATE TABLE auth_tokens (
        id TEXT PRIMARY KEY,
        "user" TEXT NOT NULL,
        name TEXT NOT NULL,
        secret_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT,
        last_used_at TEXT,
        revoked_at TEXT
      );
      CREATE INDEX auth_tokens_by_user ON auth_tokens ("user", created_at);
    `,
  },
];

interface SessionRow {
  id_hash: string;
  user: string;
  method: 'password' | 'oidc';
  groups: string[];
  csrf_token: string;
  created_at: string;
  expires_at: string;
}
interface TokenRow {
  id: string;
  user: string;
  name: string;
  secret_hash: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}
interface UserRow {
  name: string;
  password_hash: string;
  created_at: string;
  updated_at: string;
}

const sessionFrom = (r: SessionRow): SessionRecord => ({
  idHash: r.id_hash,
  user: r.user,
  method: r.method,
  groups: r.groups,
  csrfToken: r.csrf_token,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});
const tokenFrom = (r: TokenRow): TokenRecord => {
  const t: TokenRecord = { id: r.id, user: r.user, name: r.name, secretHash: r.secret_hash, createdAt: r.created_at };
  if (r.expires_at !== null) t.expiresAt = r.expires_at;
  if (r.last_used_at !== null) t.lastUsedAt = r.last_used_at;
  if (r.revoked_at !== null) t.revokedAt = r.revoked_at;
  return t;
};
const userFrom = (r: UserRow): UserRecord => ({
  name: r.name,
  passwordHash: r.password_hash,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The AuthStore in a PostgreSQL database (the Store's, usually), through a pool of its own. */
export function openPostgresAuthStore(options: PostgresConnectionOptions): AuthStore & { ready(): Promise<void> } {
  const pool = createPool(options);
  const where = redactedUrl(options.url);
  let closed = false;
  const migrated = migratePostgres(pool, 'auth', authMigrations).then(() => undefined);
  migrated.catch(() => undefined); // surfaced by ready() and every call

  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> => {
    if (closed) throw new Error('the auth store is closed');
    await migrated;
    const client = await connect(pool, where);
    try {
      return await client.query<R>(
        text,
        values.map((v) => (typeof v === 'string' ? pgText(v) : v)),
      );
    } finally {
      client.release();
    }
  };

  return {
    async ready() {
      if (closed) throw new Error('the auth store is closed');
      await migrated;
    },
    async getUser(name) {
      const { rows } = await query<UserRow>('SELECT * FROM auth_users WHERE name = $1', [name]);
      return rows[0] && userFrom(rows[0]);
    },
    async putUser(user, now) {
      const { rows } = await query<UserRow>(
        `INSERT INTO auth_users (name, password_hash, created_at, updated_at) VALUES ($1, $2, $3, $3)
         ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash, updated_at = excluded.updated_at
         RETURNING *`,
        [user.name, user.passwordHash, now],
      );
      return userFrom(rows[0]);
    },
    async createSession(s) {
      await query(
        `INSERT INTO auth_sessions (id_hash, "user", method, groups, csrf_token, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [s.idHash, s.user, s.method, JSON.stringify(s.groups), s.csrfToken, s.createdAt, s.expiresAt],
      );
    },
    async getSession(idHash) {
      const { rows } = await query<SessionRow>('SELECT * FROM auth_sessions WHERE id_hash = $1', [idHash]);
      return rows[0] && sessionFrom(rows[0]);
    },
    async deleteSession(idHash) {
      await query('DELETE FROM auth_sessions WHERE id_hash = $1', [idHash]);
    },
    async deleteExpiredSessions(now) {
      return (await query('DELETE FROM auth_sessions WHERE expires_at <= $1', [now])).rowCount ?? 0;
    },
    async createToken(t) {
      await query(`INSERT INTO auth_tokens (id, "user", name, secret_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
        t.id,
        t.user,
        t.name,
        t.secretHash,
        t.createdAt,
        t.expiresAt ?? null,
      ]);
    },
    async getToken(id) {
      const { rows } = await query<TokenRow>('SELECT * FROM auth_tokens WHERE id = $1', [id]);
      return rows[0] && tokenFrom(rows[0]);
    },
    async listTokens(user) {
      const { rows } =
        user === undefined
          ? await query<TokenRow>('SELECT * FROM auth_tokens ORDER BY created_at DESC, id DESC', [])
          : await query<TokenRow>('SELECT * FROM auth_tokens WHERE "user" = $1 ORDER BY created_at DESC, id DESC', [user]);
      return rows.map(tokenFrom);
    },
    async revokeToken(id, now) {
      return (await query('UPDATE auth_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [now, id])).rowCount === 1;
    },
    async touchToken(id, now) {
      await query('UPDATE auth_tokens SET last_used_at = $1 WHERE id = $2', [now, id]);
    },
    async close() {
      if (closed) return;
      closed = true;
      await migrated.catch(() => undefined);
      await pool.end();
    },
  };
}
