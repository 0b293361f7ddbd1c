import type { PostgresMigration } from './migrate.js';

/**
 * The Store's tables in PostgreSQL, the same shape as SQLite's (sqlite/migrations.ts): times are the
 * ISO 8601 strings the store's clock wrote (TEXT, read back exactly), JSON in JSONB. The audit log is
 * append-only in the database itself: triggers refuse UPDATE, DELETE and TRUNCATE for every role,
 * the table owner and superusers included, and no role is granted those privileges (docs/store.md
 * shows the grants for a least-privilege role). Never edit a released migration: append one.
 */
export const storeMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    description: 'app status, sync history, append-only audit log',
    sql: `
      CREATE TABLE app_status (
        app TEXT PRIMARY KEY,
        sync_status TEXT NOT NULL CHECK (sync_status IN ('Synced', 'OutOfSync', 'Unknown')),
        health_status TEXT NOT NULL,
        health_message TEXT,
        revision_sha TEXT,
        revision_author TEXT,
        revision_message TEXT,
        revision_date TEXT,
        conditions JSONB NOT NULL DEFAULT '[]',
        paused BOOLEAN NOT NULL DEFAULT false,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE sync_history (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
        entries JSONB NOT NULL DEFAULT '[]'
      );
      CREATE INDEX sync_history_by_app ON sync_history (app, id);
      CREATE INDEX sync_history_running ON sync_history (result) WHERE result = 'Running';

      CREATE TABLE audit_log (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        app TEXT,
        detail JSONB NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_log_by_app ON audit_log (app, id);

      CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit log is append-only: rows cannot be %', lower(TG_OP) || 'd'
          USING ERRCODE = 'insufficient_privilege';
      END
      $$;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
      REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
    `,
  },
  {
    version: 2,
    description: 'the replica that ran each sync (sharded replicas mark only their own syncs interrupted)',
    sql: `ALTER TABLE sync_history ADD COLUMN owner TEXT;`,
  },
];
