import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuthStore, SessionRecord, TokenRecord } from './auth-store.js';

/** One AuthStore under test on fresh data; `reopen` (persistent ones) opens the same data again. */
export interface AuthStoreUnderTest {
  store: AuthStore;
  reopen?: () => AuthStore | Promise<AuthStore>;
  cleanup: () => void | Promise<void>;
}

const session = (idHash: string, expiresAt: string, extra: Partial<SessionRecord> = {}): SessionRecord => ({
  idHash,
  user: 'alice',
  method: 'password',
  groups: [],
  csrfToken: `csrf-${idHash}`,
  createdAt: '2025-01-01T00:00:00.000Z',
  expiresAt,
  ...extra,
});

const token = (id: string, user: string, createdAt: string, extra: Partial<TokenRecord> = {}): TokenRecord => ({
  id,
  user,
  name: `token ${id}`,
  secretHash: `hash-${id}`,
  createdAt,
  ...extra,
});

/** The behaviour every AuthStore promises, run against one of them. */
export function runAuthStoreSuite(name: string, factory: () => AuthStoreUnderTest | Promise<AuthStoreUnderTest>): void {
  describe(`${name} auth store`, () => {
    const withStore = (fn: (s: AuthStoreUnderTest) => Promise<void>) => async () => {
      const s = await factory();
      try {
        await fn(s);
      } finally {
        await s.store.close();
        await s.cleanup();
      }
    };

    test(
      'a user put is read back; a second put changes the hash and keeps the creation time',
      withStore(async ({ store }) => {
        assert.equal(await store.getUser('admin'), undefined);
        const first = await store.putUser({ name: 'admin', passwordHash: 'scrypt$one' }, '2025-01-01T00:00:00.000Z');
        assert.deepEqual(first, {
          name: 'admin',
          passwordHash: 'scrypt$one',
          createdAt: '2025-01-01T00:00:00.000Z',
          updatedAt: '2025-01-01T00:00:00.000Z',
        });
        await store.putUser({ name: 'admin', passwordHash: 'scrypt$two' }, '2025-01-02T00:00:00.000Z');
        assert.deepEqual(await store.getUser('admin'), {
          name: 'admin',
          passwordHash: 'scrypt$two',
          createdAt: '2025-01-01T00:00:00.000Z',
          updatedAt: '2025-01-02T00:00:00.000Z',
        });
      }),
    );

    test(
      'sessions are found by the hash of their id, deleted one by one or once expired',
      withStore(async ({ store }) => {
        await store.createSession(session('a', '2025-01-01T01:00:00.000Z', { method: 'oidc', groups: ['ops', 'dev'] }));
        await store.createSession(session('b', '2025-01-01T03:00:00.000Z'));
        assert.deepEqual(await store.getSession('a'), session('a', '2025-01-01T01:00:00.000Z', { method: 'oidc', groups: ['ops', 'dev'] }));
        assert.equal(await store.deleteExpiredSessions('2025-01-01T02:00:00.000Z'), 1);
        assert.equal(await store.getSession('a'), undefined);
        assert.equal((await store.getSession('b'))?.user, 'alice');
        await store.deleteSession('b');
        assert.equal(await store.getSession('b'), undefined);
      }),
    );

    test(
      'tokens are listed newest first, per user or all, and revoked once',
      withStore(async ({ store }) => {
        await store.createToken(token('t1', 'alice', '2025-01-01T00:00:00.000Z'));
        await store.createToken(token('t2', 'bob', '2025-01-02T00:00:00.000Z', { expiresAt: '2025-02-01T00:00:00.000Z' }));
        await store.createToken(token('t3', 'alice', '2025-01-03T00:00:00.000Z'));
        assert.deepEqual(
          (await store.listTokens('alice')).map((t) => t.id),
          ['t3', 't1'],
        );
        assert.deepEqual(
          (await store.listTokens()).map((t) => t.id),
          ['t3', 't2', 't1'],
        );
        assert.deepEqual(
          await store.getToken('t2'),
          token('t2', 'bob', '2025-01-02T00:00:00.000Z', { expiresAt: '2025-02-01T00:00:00.000Z' }),
        );
        assert.equal(await store.revokeToken('t1', '2025-01-04T00:00:00.000Z'), true);
        assert.equal(await store.revokeToken('t1', '2025-01-05T00:00:00.000Z'), false, 'already revoked');
        assert.equal(await store.revokeToken('nope', '2025-01-05T00:00:00.000Z'), false);
        assert.equal((await store.getToken('t1'))?.revokedAt, '2025-01-04T00:00:00.000Z');
        await store.touchToken('t3', '2025-01-06T00:00:00.000Z');
        assert.equal((await store.getToken('t3'))?.lastUsedAt, '2025-01-06T00:00:00.000Z');
      }),
    );

    test(
      'a token id is unique',
      withStore(async ({ store }) => {
        await store.createToken(token('t1', 'alice', '2025-01-01T00:00:00.000Z'));
        await assert.rejects(store.createToken(token('t1', 'bob', '2025-01-01T00:00:00.000Z')));
      }),
    );

    test(
      'reads are copies: changing one does not change the store',
      withStore(async ({ store }) => {
        await store.createSession(session('a', '2025-01-01T01:00:00.000Z', { groups: ['ops'] }));
        const read = (await store.getSession('a'))!;
        read.groups.push('root');
        assert.deepEqual((await store.getSession('a'))!.groups, ['ops']);
      }),
    );

    test(
      'a closed store refuses reads',
      withStore(async ({ store }) => {
        await store.close();
        await assert.rejects(store.getUser('admin'));
      }),
    );

    test(
      'what was written is there after reopening (persistent stores)',
      withStore(async (s) => {
        if (!s.reopen) return;
        await s.store.putUser({ name: 'admin', passwordHash: 'scrypt$x' }, '2025-01-01T00:00:00.000Z');
        await s.store.createToken(token('t1', 'admin', '2025-01-01T00:00:00.000Z'));
        await s.store.close();
        const again = await s.reopen();
        try {
          assert.equal((await again.getUser('admin'))?.passwordHash, 'scrypt$x');
          assert.equal((await again.getToken('t1'))?.user, 'admin');
        } finally {
          await again.close();
        }
      }),
    );
  });
}
