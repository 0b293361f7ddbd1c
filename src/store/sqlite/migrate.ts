import type Database from 'better-sqlite3';
import { migrations as allMigrations, type Migration } from './migrations.js';
import { StoreError } from '../store-error.js';

/** Brings the database to the newest schema, one transaction per migration. Returns the final version. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = allMigrations): number {
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
  let current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new StoreError(`the database has schema version ${current}, newer than this Tideway knows (${latest})`);
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    if (migration.version !== current + 1) {
      throw new StoreError(`migration ${migration.version} does not follow version ${current}`);
    }
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
    current = migration.version;
  }
  return current;
}
