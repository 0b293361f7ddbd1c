import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { describeWithPostgres, startPostgres, type PostgresServer } from '../../../test/support/postgres.js';
import { runStoreSuite, steppingClock, type StoreUnderTest } from '../store-suite.js';
import { resolveStoreOptions, type StoreOptions } from '../store-options.js';
import { StoreError } from '../store-error.js';
import { openPostgresStore } from './postgres-store.js';
import { migrationsTable } from './migrate.js';
import { storeMigrations } from './migrations.js';

describeWithPostgres('postgres store', (binaries) => {
  let server: PostgresServer;
  before(async () => {
    server = await startPostgres(binaries);
  });
  after(async () => {
    await server?.stop();
  });

  runStoreSuite(
    'postgres',
    (options) => {
      resolveStoreOptions(options); // bad options fail at once, as the other stores' factories do
      return fresh(options);
    },
    { persistent: true, sql: true },
  );

  async function fresh(options: StoreOptions): Promise<StoreUnderTest> {
    const url = await server.createDatabase('store');
    const store = openPostgresStore({ url, ...options });
    return {
      store,
      reopen: (again) => openPostgresStore({ url, ...options, ...again }),
      rawSql: async (text) => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(text);
        } finally {
          await client.end();
        }
      },
      cleanup: () => undefined,
    };
  }

  describe('postgres store database', () => {
    test('agents starting at once apply each migration once', async () => {
      const url = await server.createDatabase('race');
      const stores = Array.from({ length: 6 }, () => openPostgresStore({ url, clock: steppingClock() }));
      try {
        await Promise.all(stores.map((s) => s.ready()));
        const database = new URL(url).pathname.slice(1);
        const { rows } = await server.sql(database, `SELECT component, version FROM ${migrationsTable} ORDER BY version`);
        assert.deepEqual(
          rows,
          storeMigrations.map((m) => ({ component: 'store', version: m.version })),
        );
        const events = await Promise.all(stores.map((s, i) => s.appendAudit({ actor: `agent-${i}`, action: 'agent.started', detail: {} })));
        assert.equal(new Set(events.map((e) => e.id)).size, stores.length, 'ids are unique across connections');
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });

    test('the audit log cannot be truncated, and no role but its owner holds UPDATE or DELETE on it', async () => {
      const url = await server.createDatabase('truncate');
      const store = openPostgresStore({ url, clock: steppingClock() });
      try {
        await store.appendAudit({ actor: 'ada', action: 'rollback', app: 'web', detail: {} });
        const database = new URL(url).pathname.slice(1);
        await assert.rejects(() => server.sql(database, 'TRUNCATE audit_log'), /append-only: rows cannot be truncated/);
        await server.sql(database, 'CREATE ROLE tideway_reader_test LOGIN').catch(() => undefined);
        const { rows } = await server.sql(
          database,
          "SELECT has_table_privilege('tideway_reader_test', 'audit_log', 'UPDATE') AS up, has_table_privilege('tideway_reader_test', 'audit_log', 'DELETE') AS del",
        );
        assert.deepEqual(rows[0], { up: false, del: false });
        assert.equal((await store.listAudit()).length, 1);
      } finally {
        await store.close();
      }
    });

    test('a database written by a newer Tideway is refused, not changed', async () => {
      const url = await server.createDatabase('newer');
      const database = new URL(url).pathname.slice(1);
      await server.sql(
        database,
        `CREATE TABLE ${migrationsTable} (component TEXT NOT NULL, version INTEGER NOT NULL, description TEXT NOT NULL,
           applied_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (component, version));
         INSERT INTO ${migrationsTable} (component, version, description) VALUES ('store', 99, 'from the future')`,
      );
      const store = openPostgresStore({ url });
      try {
        await assert.rejects(
          () => store.listStatuses(),
          (err: unknown) => err instanceof StoreError && /schema version 99, newer/.test(err.message),
        );
      } finally {
        await store.close();
      }
      const { rows } = await server.sql(database, "SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'audit_log'");
      assert.equal(rows[0].n, 0);
    });

    test('a server that cannot be reached fails with a StoreError naming it, without the password', async () => {
      const dead = `postgres://tideway:s3cr3t-pw@127.0.0.1:1/tideway`;
      const store = openPostgresStore({ url: dead, connectTimeoutMs: 500 });
      try {
        await assert.rejects(
          () => store.ready(),
          (err: unknown) =>
            err instanceof StoreError &&
            /cannot connect to the PostgreSQL store at postgres:\/\/(tideway:)?\*\*\*@127\.0\.0\.1:1/.test(err.message) &&
            !err.message.includes('s3cr3t'),
        );
      } finally {
        await store.close();
      }
    });

    test('a wrong password is refused with a message that does not show it', async () => {
      const url = new URL(await server.createDatabase('badpw'));
      const store = openPostgresStore({ url: url.toString(), password: 'not-the-password' });
      try {
        await assert.rejects(
          () => store.ready(),
          (err: unknown) =>
            err instanceof Error && /password authentication failed/.test(err.message) && !err.message.includes('not-the-password'),
        );
      } finally {
        await store.close();
      }
    });

    test('a NUL character in a message is stored as U+FFFD instead of failing the write', async () => {
      const url = await server.createDatabase('nul');
      const store = openPostgresStore({ url, clock: steppingClock() });
      try {
        const id = await store.startSync({ app: 'web', revision: { sha: 'a', message: 'bad\0commit' }, trigger: 'poll' });
        assert.equal((await store.getSync(id))!.revision.message, 'bad\uFFFDcommit');
        const event = await store.appendAudit({ actor: 'agent', action: 'sync.finished', detail: { note: 'x\0y' } });
        assert.deepEqual((await store.listAudit())[0].detail, event.detail);
      } finally {
        await store.close();
      }
    });
  });

  describe('postgres store over TLS', () => {
    let tls: PostgresServer;
    before(async () => {
      tls = await startPostgres(binaries, { tls: true });
    });
    after(async () => {
      await tls?.stop();
    });

    test('with sslmode=verify-full and the CA file the store works over TLS; without the CA the server is not trusted', async () => {
      const database = new URL(await tls.createDatabase('tls')).pathname.slice(1);
      const plain = `postgres://${tls.user}@127.0.0.1:${tls.port}/${database}`;
      const store = openPostgresStore({ url: plain, password: tls.password, caFile: tls.caFile, clock: steppingClock() });
      try {
        await store.appendAudit({ actor: 'ada', action: 'rollback', detail: {} });
        assert.equal((await store.listAudit()).length, 1);
      } finally {
        await store.close();
      }
      const { rows } = await tls.sql(database, 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
      assert.equal(rows[0].ssl, true);
      const untrusted = openPostgresStore({ url: `${plain}?sslmode=verify-full`, password: tls.password, connectTimeoutMs: 2000 });
      try {
        await assert.rejects(() => untrusted.ready(), /self[- ]signed certificate|unable to verify/);
      } finally {
        await untrusted.close();
      }
      const cleartext = openPostgresStore({ url: `${plain}?sslmode=disable`, password: tls.password, connectTimeoutMs: 2000 });
      try {
        await assert.rejects(() => cleartext.ready(), /no pg_hba.conf entry|SSL off/);
      } finally {
        await cleartext.close();
      }
    });
  });
});
