/**
 * Schema migrations, applied in order; `PRAGMA user_version` holds the number of the last one applied.
 * Never edit a released migration: append a new one.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'app status, sync history, append-only audit log',
    sql: `
      CREATE TABLE app_status (
        app TEXT PRIMARY KEY NOT NULL,
        sync_status TEXT NOT NULL CHECK (sync_status IN ('Synced', 'OutOfSync', 'Unknown')),
        health_status TEXT NOT NULL,
        health_message TEXT,
        revision_sha TEXT,
        revision_author TEXT,
        revision_message TEXT,
        revision_date TEXT,
        conditions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(conditions)),
        paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE sync_history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        app TEXT NOT NULL,
        revision_sha TEXT NOT NULL,
        revision_author TEXT,
        revision_message TEXT,
        trigger TEXT NOT NULL CHECK (trigger IN ('webhook', 'poll', 'drift', 'user', 'rollback', 'startup')),
        who TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        result TEXT NOT NULL CHECK (result IN ('Succeeded', 'Failed', 'Running', 'Interrupted', 'Cancelled')),
        message TEXT,
        entries TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(entries))
      ) STRICT;
      CREATE INDEX sync_history_by_app ON sync_history (app, id);
      CREATE INDEX sync_history_running ON sync_history (result) WHERE result = 'Running';

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        app TEXT,
        detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
      ) STRICT;
      CREATE INDEX audit_log_by_app ON audit_log (app, id);

      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be updated'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be deleted'); END;
    `,
  },
  {
    version: 2,
    description: 'the replica that ran each sync (sharded replicas mark only their own syncs interrupted)',
    sql: `ALTER TABLE sync_history ADD COLUMN owner TEXT;`,
  },
];
