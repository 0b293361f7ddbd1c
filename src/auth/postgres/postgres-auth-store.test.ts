import { storeMigrations } from '../../store/postgres/migrations.js';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeWithPostgres, startPostgres, type PostgresServer } from '../../../test/support/postgres.js';
import { openPostgresStore } from '../../store/postgres/index.js';
import { runAuthStoreSuite } from '../auth-store-suite.js';
import { openPostgresAuthStore } from './postgres-auth-store.js';

describeWithPostgres('postgres auth store', (binaries) => {
  let server: PostgresServer;
  before(async () => {
    server = await startPostgres(binaries);
  });
  after(async () => {
    await server?.stop();
  });

  runAuthStoreSuite('postgres', async () => {
    const url = await server.createDatabase('auth');
    return { store: openPostgresAuthStore({ url }), reopen: () => openPostgresAuthStore({ url }), cleanup: () => undefined };
  });

  test('the auth tables share the database with the Store, each at its own schema version', async () => {
    const url = await server.createDatabase('shared');
    const auth = openPostgresAuthStore({ url });
    const store = openPostgresStore({ url });
    try {
      await Promise.all([auth.ready(), store.ready()]);
      await store.appendAudit({ actor: 'agent', action: 'agent.started', detail: {} });
      await auth.putUser({ name: 'admin', passwordHash: 'scrypt$x' }, '2025-01-01T00:00:00.000Z');
      const { rows } = await server.sql(
        new URL(url).pathname.slice(1),
        'SELECT component, max(version)::int AS version FROM tideway_schema_migrations GROUP BY component ORDER BY component',
      );
      assert.deepEqual(rows, [
        { component: 'auth', version: 1 },
        { component: 'store', version: storeMigrations.at(-1)!.version },
      ]);
    } finally {
      await auth.close();
      await store.close();
    }
  });
});
