import type Database from 'better-sqlite3';
import type { AuditRow, StatusRow, SyncRow } from './rows.js';

/** The last sync joined to a status, under `last_*` columns (entries left out: a summary needs none). */
export interface StatusWithLastRow extends StatusRow {
  last_id: number | null;
  last_revision_sha: string | null;
  last_trigger: SyncRow['trigger'] | null;
  last_started_at: string | null;
  last_finished_at: string | null;
  last_result: SyncRow['result'] | null;
  last_message: string | null;
}

const statusSelect = `
  SELECT s.*, h.id AS last_id, h.revision_sha AS last_revision_sha, h.trigger AS last_trigger,
         h.started_at AS last_started_at, h.finished_at AS last_finished_at, h.result AS last_result,
         h.message AS last_message
  FROM app_status s
  LEFT JOIN sync_history h ON h.id = (SELECT max(id) FROM sync_history WHERE app = s.app)`;

/**
 * Every statement the store runs, prepared once. The audit log has inserts and selects only:
 * no statement here updates or deletes audit rows (and triggers in the schema refuse it anyway).
 */
export function prepareStatements(db: Database.Database) {
  return {
    getStatus: db.prepare<[string], StatusWithLastRow>(`${statusSelect} WHERE s.app = ?`),
    listStatuses: db.prepare<[], StatusWithLastRow>(`${statusSelect} ORDER BY s.app`),
    putStatus: db.prepare<StatusRow>(`
      INSERT INTO app_status (app, sync_status, health_status, health_message, revision_sha, revision_author,
                              revision_message, revision_date, conditions, paused, updated_at)
      VALUES (@app, @sync_status, @health_status, @health_message, @revision_sha, @revision_author,
              @revision_message, @revision_date, @conditions, @paused, @updated_at)
      ON CONFLICT (app) DO UPDATE SET
        sync_status = excluded.sync_status, health_status = excluded.health_status,
        health_message = excluded.health_message, revision_sha = excluded.revision_sha,
        revision_author = excluded.revision_author, revision_message = excluded.revision_message,
        revision_date = excluded.revision_date, conditions = excluded.conditions,
        paused = excluded.paused, updated_at = excluded.updated_at`),
    deleteStatus: db.prepare<[string]>('DELETE FROM app_status WHERE app = ?'),
    deleteHistory: db.prepare<[string]>('DELETE FROM sync_history WHERE app = ?'),

    insertSync: db.prepare<Omit<SyncRow, 'id' | 'finished_at' | 'message' | 'entries' | 'result'>>(`
      INSERT INTO sync_history (app, revision_sha, revision_author, revision_message, trigger, who, owner, started_at, result)
      VALUES (@app, @revision_sha, @revision_author, @revision_message, @trigger, @who, @owner, @started_at, 'Running')`),
    /** Drops an app's syncs older than its newest `keep`. */
    pruneHistory: db.prepare<{ app: string; keep: number }>(`
      DELETE FROM sync_history WHERE app = @app AND id <= (
        SELECT id FROM sync_history WHERE app = @app ORDER BY id DESC LIMIT 1 OFFSET @keep)`),
    finishSync: db.prepare<Pick<SyncRow, 'id' | 'result' | 'message' | 'entries' | 'finished_at'>>(`
      UPDATE sync_history SET result = @result, message = @message, entries = @entries, finished_at = @finished_at
      WHERE id = @id AND result = 'Running'`),
    runningEntries: db.prepare<[number], Pick<SyncRow, 'entries'>>("SELECT entries FROM sync_history WHERE id = ? AND result = 'Running'"),
    setRunningEntries: db.prepare<{ id: number; entries: string }>(
      "UPDATE sync_history SET entries = @entries WHERE id = @id AND result = 'Running'",
    ),
    listHistory: db.prepare<[string, number], SyncRow>('SELECT * FROM sync_history WHERE app = ? ORDER BY id DESC LIMIT ?'),
    getSync: db.prepare<[number], SyncRow>('SELECT * FROM sync_history WHERE id = ?'),
    markInterrupted: db.prepare<{ finished_at: string; message: string; owner: string | null; apps: string | null }>(`
      UPDATE sync_history SET result = 'Interrupted', finished_at = @finished_at, message = @message
      WHERE result = 'Running' AND (@owner IS NULL OR owner = @owner)
        AND (@apps IS NULL OR app IN (SELECT value FROM json_each(@apps)))`),

    appendAudit: db.prepare<Omit<AuditRow, 'id'>>(
      'INSERT INTO audit_log (at, actor, action, app, detail) VALUES (@at, @actor, @action, @app, @detail)',
    ),
    auditNewest: db.prepare<[number], AuditRow>('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?'),
    auditNewestOfApp: db.prepare<[string, number], AuditRow>('SELECT * FROM audit_log WHERE app = ? ORDER BY id DESC LIMIT ?'),
    auditAfter: db.prepare<[number, number], AuditRow>('SELECT * FROM audit_log WHERE id > ? ORDER BY id LIMIT ?'),
    auditAfterOfApp: db.prepare<[string, number, number], AuditRow>('SELECT * FROM audit_log WHERE app = ? AND id > ? ORDER BY id LIMIT ?'),
  };
}
