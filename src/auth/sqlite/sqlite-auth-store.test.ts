import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { runAuthStoreSuite } from '../auth-store-suite.js';
import { openSqliteAuthStore } from './sqlite-auth-store.js';

runAuthStoreSuite('sqlite', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tideway-auth-'));
  const file = path.join(dir, 'tideway.db');
  return {
    store: openSqliteAuthStore({ path: file }),
    reopen: () => openSqliteAuthStore({ path: file }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
});

test('the auth tables share the database file with the Store, each at its own schema version', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tideway-auth-'));
  try {
    const file = path.join(dir, 'tideway.db');
    const auth = openSqliteAuthStore({ path: file });
    const store = openSqliteStore({ path: file });
    await store.appendAudit({ actor: 'agent', action: 'agent.started', detail: {} });
    await auth.putUser({ name: 'admin', passwordHash: 'scrypt$x' }, '2025-01-01T00:00:00.000Z');
    await store.close();
    await auth.close();
    const again = openSqliteAuthStore({ path: file });
    const storeAgain = openSqliteStore({ path: file });
    assert.equal((await again.getUser('admin'))?.passwordHash, 'scrypt$x');
    assert.equal((await storeAgain.listAudit()).length, 1);
    await again.close();
    await storeAgain.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
