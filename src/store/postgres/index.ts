export { openPostgresStore, type PostgresStore, type PostgresStoreOptions } from './postgres-store.js';
export { connectionUrl, redactedUrl, type PostgresConnectionOptions } from './connection.js';
export { migratePostgres, migrationsTable, type PostgresMigration } from './migrate.js';
export { storeMigrations } from './migrations.js';
