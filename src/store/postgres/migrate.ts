import type pg from 'pg';
import { StoreError } from '../store-error.js';

/** One schema change of one component (`store`, `auth`); never edit a released one: append. */
export interface PostgresMigration {
  version: number;
  description: string;
  sql: string;
}

/** Every component's migrations are recorded here, one row each, with when they were applied. */
export const migrationsTable = 'tideway_schema_migrations';

/** The advisory lock (a 64-bit key; ASCII "tideway!") held while migrations are checked and applied. */
const migrationLock = '8388346167911610657';

/**
 * Brings one component's tables to its newest schema. Safe when several agents start at once: a
 * session-level advisory lock serialises them, so each migration runs once, in its own transaction,
 * recorded in the migrations table. A database with a newer version than this Tideway knows is
 * refused and left as it is. Returns the component's final version.
 */
export async function migratePostgres(pool: pg.Pool, component: string, migrations: readonly PostgresMigration[]): Promise<number> {
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query(`SELECT pg_advisory_lock(${migrationLock})`);
    try {
      await client.query(`
        CREATE TABLE IF NOT EXISTS ${migrationsTable} (
          component TEXT NOT NULL,
          version INTEGER NOT NULL,
          description TEXT NOT NULL,
          applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
          PRIMARY KEY (component, version)
        )`);
      const { rows } = await client.query<{ version: number | null }>(
        `SELECT max(version) AS version FROM ${migrationsTable} WHERE component = $1`,
        [component],
      );
      let current = rows[0]?.version ?? 0;
      if (current > latest) {
        throw new StoreError(`the ${component} tables have schema version ${current}, newer than this Tideway knows (${latest})`);
      }
      for (const migration of migrations) {
        if (migration.version <= current) continue;
        if (migration.version !== current + 1) {
          throw new StoreError(`${component} migration ${migration.version} does not follow version ${current}`);
        }
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query(`INSERT INTO ${migrationsTable} (component, version, description) VALUES ($1, $2, $3)`, [
            component,
            migration.version,
            migration.description,
          ]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          if (error instanceof StoreError) throw error;
          throw new StoreError(
            `${component} migration ${migration.version} (${migration.description}) failed: ${(error as Error).message}`,
            {
              cause: error,
            },
          );
        }
        current = migration.version;
      }
      return current;
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${migrationLock})`).catch(() => {
        broken = true; // the session is gone, and its lock with it
      });
    }
  } finally {
    client.release(broken);
  }
}
