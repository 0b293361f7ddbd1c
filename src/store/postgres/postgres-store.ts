import type pg from 'pg';
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
import { connect, createPool, pgJson, pgText, redactedUrl, type PostgresConnectionOptions } from './connection.js';
import { migratePostgres } from './migrate.js';
import { storeMigrations } from './migrations.js';
import { auditFromRow, statusFromRow, syncFromRow, type AuditRow, type StatusWithLastRow, type SyncRow } from './rows.js';
import { sql } from './statements.js';

export interface PostgresStoreOptions extends StoreOptions, PostgresConnectionOptions {}

/** A Store in PostgreSQL; `ready()` resolves once connected and migrated (every call waits for it). */
export interface PostgresStore extends Store {
  ready(): Promise<void>;
}

/**
 * Opens a store in a PostgreSQL database shared by every agent that names it. Returns at once; the
 * first call (or `ready()`) connects and migrates, and fails with a StoreError when that cannot be
 * done. Same behaviour as the SQLite store (one shared suite), through a connection pool.
 */
export function openPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const { historyLimit, clock } = resolveStoreOptions(options);
  const pool = createPool(options);
  const where = redactedUrl(options.url);
  let closed = false;
  const migrated = (async () => {
    const client = await connect(pool, where);
    client.release();
    await migratePostgres(pool, 'store', storeMigrations);
  })();
  migrated.catch(() => undefined); // surfaced by ready() and every call

  const open = async (): Promise<void> => {
    if (closed) throw new StoreError('the store is closed');
    await migrated;
  };
  /** One statement on a pooled connection. */
  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> => {
    await open();
    const client = await connect(pool, where);
    try {
      return await client.query<R>(text, values);
    } finally {
      client.release();
    }
  };
  /** Several statements in one transaction. */
  const transaction = async <T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    await open();
    const client = await connect(pool, where);
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  /** Writes a status and reads it back with its lastSync (one statement). */
  const putStatusIn = async (client: pg.PoolClient, s: AppStatusInput): Promise<AppStatus> => {
    const { rows } = await client.query<StatusWithLastRow>(sql.putStatus, [
      s.app,
      s.syncStatus,
      s.health.status,
      pgText(s.health.message ?? null),
      pgText(s.revision?.sha ?? null),
      pgText(s.revision?.author ?? null),
      pgText(s.revision?.message ?? null),
      pgText(s.revision?.date ?? null),
      pgJson(s.conditions),
      s.paused,
      clock().toISOString(),
    ]);
    return statusFromRow(rows[0]);
  };
  /** One statement on a pooled connection, given the connection. */
  const withClient = async <T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    await open();
    const client = await connect(pool, where);
    try {
      return await fn(client);
    } finally {
      client.release();
    }
  };

  return {
    ready: open,
    async getStatus(app) {
      const { rows } = await query<StatusWithLastRow>(sql.getStatus, [app]);
      return rows[0] && statusFromRow(rows[0]);
    },
    async listStatuses() {
      return (await query<StatusWithLastRow>(sql.listStatuses, [])).rows.map(statusFromRow);
    },
    async putStatus(input: AppStatusInput) {
      const checked = checkStatusInput(input); // refused before any connection is taken
      return withClient((client) => putStatusIn(client, checked));
    },
    async patchStatus(app, fields: StatusPatch) {
      return transaction(async (client) => {
        const { rows } = await client.query<StatusWithLastRow>(sql.lockStatus, [app]);
        const current = withoutStamps(statusFromRow({ ...rows[0], last_id: null } as StatusWithLastRow));
        return putStatusIn(client, checkStatusInput({ ...statusDefaults(app), ...current, ...fields, app }));
      });
    },
    async deleteApp(app) {
      await transaction(async (client) => {
        await client.query(sql.deleteStatus, [app]);
        await client.query(sql.deleteHistory, [app]);
      });
    },

    async startSync(start: SyncStart) {
      const s = checkSyncStart(start, clock());
      return transaction(async (client) => {
        const { rows } = await client.query<{ id: number }>(sql.insertSync, [
          s.app,
          pgText(s.revision.sha),
          pgText(s.revision.author ?? null),
          pgText(s.revision.message ?? null),
          s.trigger,
          pgText(s.who ?? null),
          s.startedAt,
          pgText(s.owner ?? null),
        ]);
        await client.query(sql.pruneHistory, [s.app, historyLimit]);
        return rows[0].id;
      });
    },
    async appendSyncEntries(id, entries) {
      const { rowCount } = await query(sql.appendSyncEntries, [id, pgJson(checkSyncEntries(entries))]);
      return rowCount === 1;
    },
    async finishSync(id, finish: SyncFinish) {
      const f = checkSyncFinish(finish, clock());
      const { rowCount } = await query(sql.finishSync, [id, f.result, pgText(f.message ?? null), pgJson(f.entries), f.finishedAt]);
      return rowCount === 1;
    },
    async listHistory(app, limit): Promise<SyncRecord[]> {
      const n = resolveHistoryLimit(limit, historyLimit);
      return (await query<SyncRow>(sql.listHistory, [app, n])).rows.map(syncFromRow);
    },
    async getSync(id) {
      if (!Number.isSafeInteger(id)) return undefined;
      const { rows } = await query<SyncRow>(sql.getSync, [id]);
      return rows[0] && syncFromRow(rows[0]);
    },
    async markInterrupted(now = clock(), scope = {}) {
      const apps = scope.apps ? [...scope.apps] : null;
      return (await query(sql.markInterrupted, [now.toISOString(), interruptedMessage, pgText(scope.owner ?? null), apps])).rowCount ?? 0;
    },

    async appendAudit(input: AuditInput): Promise<AuditEvent> {
      const e = checkAuditInput(input, clock());
      const detail = pgJson(e.detail);
      const { rows } = await query<{ id: number }>(sql.appendAudit, [e.at, pgText(e.actor), e.action, pgText(e.app ?? null), detail]);
      return auditFromRow({
        id: rows[0].id,
        at: e.at,
        actor: pgText(e.actor),
        action: e.action,
        app: pgText(e.app ?? null),
        detail: JSON.parse(detail),
      });
    },
    async listAudit(query_?: AuditQuery) {
      const { app, limit, afterId } = resolveAuditQuery(query_);
      const { rows } =
        afterId === undefined
          ? await query<AuditRow>(sql.auditNewest, [app ?? null, limit])
          : await query<AuditRow>(sql.auditAfter, [app ?? null, limit, afterId]);
      return rows.map(auditFromRow);
    },

    async close() {
      if (closed) return;
      closed = true;
      await migrated.catch(() => undefined);
      await pool.end();
    },
  };
}
