import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runStoreSuite, steppingClock } from '../store-suite.js';
import { openSqliteStore } from './sqlite-store.js';
import { migrations } from './migrations.js';
import { StoreError } from '../store-error.js';

function tempDb(): { file: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'tideway-store-'));
  return { file: path.join(dir, 'state.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function withRaw<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

runStoreSuite(
  'sqlite',
  (options) => {
    const { file, cleanup } = tempDb();
    try {
      return {
        store: openSqliteStore({ path: file, ...options }),
        reopen: (again) => openSqliteStore({ path: file, ...options, ...again }),
        rawSql: async (sql) => {
          withRaw(file, (db) => db.exec(sql));
        },
        cleanup,
      };
    } catch (err) {
      cleanup();
      throw err;
    }
  },
  { persistent: true, sql: true },
);

describe('sqlite store file', () => {
  test('a new database is in WAL mode at the newest schema version', () => {
    const { file, cleanup } = tempDb();
    try {
      openSqliteStore({ path: file, clock: steppingClock() }).close();
      withRaw(file, (db) => {
        assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
        assert.equal(db.pragma('user_version', { simple: true }), migrations[migrations.length - 1].version);
        const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").pluck().all();
        assert.deepEqual(triggers, ['audit_log_no_delete', 'audit_log_no_update']);
      });
    } finally {
      cleanup();
    }
  });

  test('a database written by a newer Tideway is refused, not changed', () => {
    const { file, cleanup } = tempDb();
    try {
      withRaw(file, (db) => db.pragma('user_version = 99'));
      assert.throws(
        () => openSqliteStore({ path: file }),
        (err: unknown) => err instanceof StoreError && /schema version 99, newer/.test(err.message),
      );
      withRaw(file, (db) => {
        assert.equal(db.pragma('user_version', { simple: true }), 99);
        assert.equal(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get(), 0);
      });
    } finally {
      cleanup();
    }
  });

  test('a store in a missing directory fails with a StoreError naming the path', () => {
    const { file, cleanup } = tempDb();
    try {
      const missing = path.join(path.dirname(file), 'nope', 'state.db');
      assert.throws(
        () => openSqliteStore({ path: missing }),
        (err: unknown) => err instanceof StoreError && err.message.includes(missing),
      );
    } finally {
      cleanup();
    }
  });

  test('reopening an existing database applies no migration twice', async () => {
    const { file, cleanup } = tempDb();
    try {
      const first = openSqliteStore({ path: file });
      await first.appendAudit({ actor: 'agent', action: 'agent.started', detail: {} });
      await first.close();
      const second = openSqliteStore({ path: file });
      assert.equal((await second.listAudit()).length, 1);
      await second.close();
    } finally {
      cleanup();
    }
  });
});
