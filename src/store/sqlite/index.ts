export { openSqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
export { migrations, type Migration } from './migrations.js';
