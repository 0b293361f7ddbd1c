export type * from './store.js';
export { type StoreOptions, defaultHistoryLimit, defaultAuditLimit, maxAuditLimit } from './store-options.js';
export { StoreError } from './store-error.js';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite/index.js';
export { openMemoryStore } from './memory/index.js';
export { openPostgresStore, type PostgresStore, type PostgresStoreOptions } from './postgres/index.js';
