import Database from 'better-sqlite3';
import type { AuthStore, SessionRecord, TokenRecord, UserRecord } from '../auth-store.js';
import { preparePrivateDatabaseSync } from '../../fs/private-file.js';

/**
 * The auth tables, versioned apart from the Store's (their own `auth_schema` row, not `user_version`),
 * so both can live in one database file and change independently. Append; never edit a released one.
 */
const migrations: readonly string[] = [
  `
  CREATE TABLE auth_users (
    name TEXT PRIMARY KEY NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE auth_sessions (
    id_hash TEXT PRIMARY KEY NOT NULL,
    user TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('password', 'oidc')),
    groups TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(groups)),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX auth_sessions_expiry ON auth_sessions (expires_at);
  CREATE TABLE auth_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    user TEXT NOT NULL,
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    last_used_at TEXT,
    revoked_at TEXT
  ) STRICT;
  CREATE INDEX auth_tokens_by_user ON auth_tokens (user, created_at);
  `,
];

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS auth_schema (version INTEGER NOT NULL) STRICT');
  const row = db.prepare('SELECT version FROM auth_schema').get() as { version: number } | undefined;
  const current = row?.version ?? 0;
  if (current > migrations.length)
    throw new Error(`the auth tables have schema version ${current}, newer than this Tideway knows (${migrations.length})`);
  for (let v = current + 1; v <= migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v - 1]);
      if (v === 1) db.prepare('INSERT INTO auth_schema (version) VALUES (?)').run(v);
      else db.prepare('UPDATE auth_schema SET version = ?').run(v);
    })();
  }
}

interface SessionRow {
  id_hash: string;
  user: string;
  method: 'password' | 'oidc';
  groups: string;
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

const sessionFrom = (r: SessionRow): SessionRecord => ({
  idHash: r.id_hash,
  user: r.user,
  method: r.method,
  groups: JSON.parse(r.groups),
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

/** An AuthStore in a SQLite file: the agent's own database (`tideway.db`), through a connection of its own, in WAL mode. */
export function openSqliteAuthStore(options: { path: string }): AuthStore {
  let db: Database.Database;
  try {
    preparePrivateDatabaseSync(options.path);
    db = new Database(options.path);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (error) {
    throw new Error(`cannot open the auth tables in ${options.path}: ${(error as Error).message}`, { cause: error });
  }
  const sql = {
    getUser: db.prepare('SELECT name, password_hash, created_at, updated_at FROM auth_users WHERE name = ?'),
    putUser: db.prepare(
      `INSERT INTO auth_users (name, password_hash, created_at, updated_at) VALUES (@name, @hash, @now, @now)
       ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash, updated_at = excluded.updated_at`,
    ),
    createSession: db.prepare(
      `INSERT INTO auth_sessions (id_hash, user, method, groups, csrf_token, created_at, expires_at)
       VALUES (@idHash, @user, @method, @groups, @csrfToken, @createdAt, @expiresAt)`,
    ),
    getSession: db.prepare('SELECT * FROM auth_sessions WHERE id_hash = ?'),
    deleteSession: db.prepare('DELETE FROM auth_sessions WHERE id_hash = ?'),
    deleteExpired: db.prepare('DELETE FROM auth_sessions WHERE expires_at <= ?'),
    createToken: db.prepare(
      `INSERT INTO auth_tokens (id, user, name, secret_hash, created_at, expires_at)
       VALUES (@id, @user, @name, @secretHash, @createdAt, @expiresAt)`,
    ),
    getToken: db.prepare('SELECT * FROM auth_tokens WHERE id = ?'),
    listTokens: db.prepare('SELECT * FROM auth_tokens ORDER BY created_at DESC, id DESC'),
    listTokensOf: db.prepare('SELECT * FROM auth_tokens WHERE user = ? ORDER BY created_at DESC, id DESC'),
    revokeToken: db.prepare('UPDATE auth_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    touchToken: db.prepare('UPDATE auth_tokens SET last_used_at = ? WHERE id = ?'),
  };
  const open = () => {
    if (!db.open) throw new Error('the auth store is closed');
  };
  return {
    async getUser(name) {
      open();
      const r = sql.getUser.get(name) as { name: string; password_hash: string; created_at: string; updated_at: string } | undefined;
      return r && { name: r.name, passwordHash: r.password_hash, createdAt: r.created_at, updatedAt: r.updated_at };
    },
    async putUser(user, now): Promise<UserRecord> {
      open();
      sql.putUser.run({ name: user.name, hash: user.passwordHash, now });
      return (await this.getUser(user.name))!;
    },
    async createSession(s) {
      open();
      sql.createSession.run({ ...s, groups: JSON.stringify(s.groups) });
    },
    async getSession(idHash) {
      open();
      const r = sql.getSession.get(idHash) as SessionRow | undefined;
      return r && sessionFrom(r);
    },
    async deleteSession(idHash) {
      open();
      sql.deleteSession.run(idHash);
    },
    async deleteExpiredSessions(now) {
      open();
      return sql.deleteExpired.run(now).changes;
    },
    async createToken(t) {
      open();
      sql.createToken.run({
        id: t.id,
        user: t.user,
        name: t.name,
        secretHash: t.secretHash,
        createdAt: t.createdAt,
        expiresAt: t.expiresAt ?? null,
      });
    },
    async getToken(id) {
      open();
      const r = sql.getToken.get(id) as TokenRow | undefined;
      return r && tokenFrom(r);
    },
    async listTokens(user) {
      open();
      const rows = (user === undefined ? sql.listTokens.all() : sql.listTokensOf.all(user)) as TokenRow[];
      return rows.map(tokenFrom);
    },
    async revokeToken(id, now) {
      open();
      return sql.revokeToken.run(now, id).changes === 1;
    },
    async touchToken(id, now) {
      open();
      sql.touchToken.run(now, id);
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
