/**
 * The SQL the PostgreSQL store runs. The audit log has inserts and selects only: nothing here
 * updates or deletes audit rows (and the schema's triggers refuse it anyway).
 */

const statusSelect = `
  SELECT s.*, h.id AS last_id, h.result AS last_result, h.trigger AS last_trigger,
         h.revision_sha AS last_revision_sha, h.started_at AS last_started_at,
         h.finished_at AS last_finished_at, h.message AS last_message
  FROM app_status s
  LEFT JOIN LATERAL (SELECT * FROM sync_history WHERE app = s.app ORDER BY id DESC LIMIT 1) h ON true`;

export const sql = {
  getStatus: `${statusSelect} WHERE s.app = $1`,
  listStatuses: `${statusSelect} ORDER BY s.app COLLATE "C"`,
  /**
   * An app's status row, locked for a patch (FOR UPDATE's lock, taken by the upsert); a missing app's
   * row is made first with the defaults, so the first patches of a new app are serialised too.
   */
  lockStatus: `
    INSERT INTO app_status (app, sync_status, health_status, updated_at) VALUES ($1, 'Unknown', 'Unknown', '')
    ON CONFLICT (app) DO UPDATE SET app = excluded.app
    RETURNING *`,
  /** Writes a status and reads it back with its newest sync, in one statement. */
  putStatus: `
    WITH s AS (
      INSERT INTO app_status (app, sync_status, health_status, health_message, revision_sha, revision_author,
                              revision_message, revision_date, conditions, paused, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
      ON CONFLICT (app) DO UPDATE SET
        sync_status = excluded.sync_status, health_status = excluded.health_status,
        health_message = excluded.health_message, revision_sha = excluded.revision_sha,
        revision_author = excluded.revision_author, revision_message = excluded.revision_message,
        revision_date = excluded.revision_date, conditions = excluded.conditions,
        paused = excluded.paused, updated_at = excluded.updated_at
      RETURNING *)
    SELECT s.*, h.id AS last_id, h.result AS last_result, h.trigger AS last_trigger,
           h.revision_sha AS last_revision_sha, h.started_at AS last_started_at,
           h.finished_at AS last_finished_at, h.message AS last_message
    FROM s
    LEFT JOIN LATERAL (SELECT * FROM sync_history WHERE app = s.app ORDER BY id DESC LIMIT 1) h ON true`,
  deleteStatus: 'DELETE FROM app_status WHERE app = $1',
  deleteHistory: 'DELETE FROM sync_history WHERE app = $1',

  insertSync: `
    INSERT INTO sync_history (app, revision_sha, revision_author, revision_message, trigger, who, started_at, owner, result)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'Running') RETURNING id`,
  /** Drops an app's syncs older than its newest $2. */
  pruneHistory: `
    DELETE FROM sync_history WHERE app = $1 AND id <= (
      SELECT id FROM sync_history WHERE app = $1 ORDER BY id DESC LIMIT 1 OFFSET $2)`,
  finishSync: `
    UPDATE sync_history SET result = $2, message = $3, entries = $4, finished_at = $5
    WHERE id = $1 AND result = 'Running'`,
  appendSyncEntries: `UPDATE sync_history SET entries = entries || $2::jsonb WHERE id = $1 AND result = 'Running'`,
  listHistory: 'SELECT * FROM sync_history WHERE app = $1 ORDER BY id DESC LIMIT $2',
  getSync: 'SELECT * FROM sync_history WHERE id = $1',
  markInterrupted: `
    UPDATE sync_history SET result = 'Interrupted', finished_at = $1, message = $2
    WHERE result = 'Running' AND ($3::text IS NULL OR owner = $3) AND ($4::text[] IS NULL OR app = ANY($4::text[]))`,

  appendAudit: 'INSERT INTO audit_log (at, actor, action, app, detail) VALUES ($1, $2, $3, $4, $5) RETURNING id',
  auditNewest: 'SELECT * FROM (SELECT * FROM audit_log WHERE ($1::text IS NULL OR app = $1) ORDER BY id DESC LIMIT $2) a ORDER BY id',
  auditAfter: 'SELECT * FROM audit_log WHERE ($1::text IS NULL OR app = $1) AND id > $3 ORDER BY id LIMIT $2',
} as const;
