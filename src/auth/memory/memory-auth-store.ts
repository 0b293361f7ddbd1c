import type { AuthStore, SessionRecord, TokenRecord, UserRecord } from '../auth-store.js';

/** An AuthStore in memory (tests, and an API served without a data directory). Reads return copies. */
export function openMemoryAuthStore(): AuthStore {
  const users = new Map<string, UserRecord>();
  const sessions = new Map<string, SessionRecord>();
  const tokens = new Map<string, TokenRecord>();
  let closed = false;
  const open = () => {
    if (closed) throw new Error('the auth store is closed');
  };
  const copy = <T>(v: T | undefined): T | undefined => (v === undefined ? undefined : structuredClone(v));
  return {
    async getUser(name) {
      open();
      return copy(users.get(name));
    },
    async putUser(user, now) {
      open();
      const current = users.get(user.name);
      const record: UserRecord = { name: user.name, passwordHash: user.passwordHash, createdAt: current?.createdAt ?? now, updatedAt: now };
      users.set(user.name, record);
      return copy(record)!;
    },
    async createSession(session) {
      open();
      sessions.set(session.idHash, structuredClone(session));
    },
    async getSession(idHash) {
      open();
      return copy(sessions.get(idHash));
    },
    async deleteSession(idHash) {
      open();
      sessions.delete(idHash);
    },
    async deleteExpiredSessions(now) {
      open();
      let n = 0;
      for (const [k, s] of sessions) if (s.expiresAt <= now && sessions.delete(k)) n++;
      return n;
    },
    async createToken(token) {
      open();
      if (tokens.has(token.id)) throw new Error(`token ${token.id} exists`);
      tokens.set(token.id, structuredClone(token));
    },
    async getToken(id) {
      open();
      return copy(tokens.get(id));
    },
    async listTokens(user) {
      open();
      return [...tokens.values()]
        .filter((t) => user === undefined || t.user === user)
        .sort((a, b) => (a.createdAt === b.createdAt ? b.id.localeCompare(a.id) : b.createdAt.localeCompare(a.createdAt)))
        .map((t) => structuredClone(t));
    },
    async revokeToken(id, now) {
      open();
      const t = tokens.get(id);
      if (!t || t.revokedAt) return false;
      t.revokedAt = now;
      return true;
    },
    async touchToken(id, now) {
      open();
      const t = tokens.get(id);
      if (t) t.lastUsedAt = now;
    },
    async close() {
      closed = true;
    },
  };
}
