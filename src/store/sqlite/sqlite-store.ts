import Database from 'better-sqlite3';
import type {
  AppStatus,
  AppStatusInput,
  AuditEvent,
  AuditInput,
  AuditQuery,
  StatusPatch,
  Store,
  SyncFinish,
  SyncRecord,
  SyncStart,
} from '../store.js';
import { statusDefaults, withoutStamps } from '../status-patch.js';
import { resolveAuditQuery, resolveHistoryLimit, resolveStoreOptions, type StoreOptions } from '../store-options.js';
import {
  checkAuditInput,
  checkStatusInput,
  checkSyncEntries,
  checkSyncFinish,
  checkSyncStart,
  interruptedMessage,
} from '../check-input.js';
import { StoreError } from '../store-error.js';
import { auditFromRow, statusFromRow, syncFromRow } from './rows.js';
import { prepareStatements, type StatusWithLastRow } from './statements.js';
import { migrate } from './migrate.js';
import { preparePrivateDatabaseSync } from '../../fs/private-file.js';

export interface SqliteStoreOptions extends StoreOptions {
  /** The database file (created when missing; its directory must exist), or `:memory:`. */
  path: string;
}

/** Opens (creating and migrating when needed) a store in one SQLite file, in WAL mode. */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  const { historyLimit, clock } = resolveStoreOptions(options);
  const db = openDatabase(options.path);
  const sql = prepareStatements(db);

  const open = (): void => {
    if (!db.open) throw new StoreError('the store is closed');
  };
  const withLastSync = (row: StatusWithLastRow): AppStatus => {
    const status = statusFromRow(row);
    if (row.last_id !== null) {
      status.lastSync = {
        id: row.last_id,
        result: row.last_result!,
        trigger: row.last_trigger!,
        revision: row.last_revision_sha!,
        startedAt: row.last_started_at!,
      };
      if (row.last_finished_at !== null) status.lastSync.finishedAt = row.last_finished_at;
      if (row.last_message !== null) status.lastSync.message = row.last_message;
    }
    return status;
  };

  const startSync = db.transaction((start: SyncStart): number => {
    const s = checkSyncStart(start, clock());
    const { lastInsertRowid } = sql.insertSync.run({
      app: s.app,
      revision_sha: s.revision.sha,
      revision_author: s.revision.author ?? null,
      revision_message: s.revision.message ?? null,
      trigger: s.trigger,
      who: s.who ?? null,
      owner: s.owner ?? null,
      started_at: s.startedAt,
    });
    sql.pruneHistory.run({ app: s.app, keep: historyLimit });
    return Number(lastInsertRowid);
  });
  const putStatus = (input: AppStatusInput): AppStatus => {
    const s = checkStatusInput(input);
    sql.putStatus.run({
      app: s.app,
      sync_status: s.syncStatus,
      health_status: s.health.status,
      health_message: s.health.message ?? null,
      revision_sha: s.revision?.sha ?? null,
      revision_author: s.revision?.author ?? null,
      revision_message: s.revision?.message ?? null,
      revision_date: s.revision?.date ?? null,
      conditions: JSON.stringify(s.conditions),
      paused: s.paused ? 1 : 0,
      updated_at: clock().toISOString(),
    });
    return withLastSync(sql.getStatus.get(s.app)!);
  };
  const patchStatus = db.transaction((app: string, fields: StatusPatch): AppStatus => {
    const row = sql.getStatus.get(app);
    const current = row && withoutStamps(statusFromRow(row));
    return putStatus({ ...statusDefaults(app), ...current, ...fields, app });
  });
  /** Read, extend and write in one transaction: batches of a running sync arrive a few times a second at most. */
  const appendSyncEntries = db.transaction((id: number, entries: string): boolean => {
    const row = sql.runningEntries.get(id);
    if (!row) return false;
    const stored = row.entries === '[]' ? entries : entries === '[]' ? row.entries : `${row.entries.slice(0, -1)},${entries.slice(1)}`;
    sql.setRunningEntries.run({ id, entries: stored });
    return true;
  });
  const deleteApp = db.transaction((app: string) => {
    sql.deleteStatus.run(app);
    sql.deleteHistory.run(app);
  });

  return {
    async getStatus(app) {
      open();
      const row = sql.getStatus.get(app);
      return row && withLastSync(row);
    },
    async listStatuses() {
      open();
      return sql.listStatuses.all().map(withLastSync);
    },
    async putStatus(input: AppStatusInput) {
      open();
      return putStatus(input);
    },
    async patchStatus(app, fields) {
      open();
      return patchStatus(app, fields);
    },
    async deleteApp(app) {
      open();
      deleteApp(app);
    },

    async startSync(start) {
      open();
      return startSync(start);
    },
    async appendSyncEntries(id, entries) {
      open();
      return appendSyncEntries(id, JSON.stringify(checkSyncEntries(entries)));
    },
    async finishSync(id, finish: SyncFinish) {
      open();
      const f = checkSyncFinish(finish, clock());
      const { changes } = sql.finishSync.run({
        id,
        result: f.result,
        message: f.message ?? null,
        entries: JSON.stringify(f.entries),
        finished_at: f.finishedAt,
      });
      return changes === 1;
    },
    async listHistory(app, limit): Promise<SyncRecord[]> {
      open();
      return sql.listHistory.all(app, resolveHistoryLimit(limit, historyLimit)).map(syncFromRow);
    },
    async getSync(id) {
      open();
      const row = sql.getSync.get(id);
      return row && syncFromRow(row);
    },
    async markInterrupted(now = clock(), scope = {}) {
      open();
      return sql.markInterrupted.run({
        finished_at: now.toISOString(),
        message: interruptedMessage,
        owner: scope.owner ?? null,
        apps: scope.apps ? JSON.stringify(scope.apps) : null,
      }).changes;
    },

    async appendAudit(input: AuditInput): Promise<AuditEvent> {
      open();
      const e = checkAuditInput(input, clock());
      const row = { at: e.at, actor: e.actor, action: e.action, app: e.app ?? null, detail: JSON.stringify(e.detail) };
      const { lastInsertRowid } = sql.appendAudit.run(row);
      return auditFromRow({ ...row, id: Number(lastInsertRowid) });
    },
    async listAudit(query?: AuditQuery) {
      open();
      const { app, limit, afterId } = resolveAuditQuery(query);
      if (afterId !== undefined) {
        const rows = app === undefined ? sql.auditAfter.all(afterId, limit) : sql.auditAfterOfApp.all(app, afterId, limit);
        return rows.map(auditFromRow);
      }
      const rows = app === undefined ? sql.auditNewest.all(limit) : sql.auditNewestOfApp.all(app, limit);
      return rows.reverse().map(auditFromRow);
    },

    async close() {
      if (db.open) db.close();
    },
  };
}

function openDatabase(path: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    preparePrivateDatabaseSync(path);
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (err) {
    db?.close();
    if (err instanceof StoreError) throw err;
    throw new StoreError(`cannot open the state store at ${path}: ${(err as Error).message}`, { cause: err });
  }
}
