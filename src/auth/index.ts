export type * from './auth-store.js';
export { openMemoryAuthStore } from './memory/memory-auth-store.js';
export { openSqliteAuthStore } from './sqlite/sqlite-auth-store.js';
export { openPostgresAuthStore } from './postgres/postgres-auth-store.js';
