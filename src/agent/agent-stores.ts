import type { AuthStore } from '../auth/auth-store.js';
import { openPostgresAuthStore } from '../auth/postgres/postgres-auth-store.js';
import { openSqliteAuthStore } from '../auth/sqlite/sqlite-auth-store.js';
import type { Logger } from '../log/logger.js';
import { openPostgresStore } from '../store/postgres/index.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';

/**
 * Where the agent keeps its state: SQLite in the data directory (the default, for one agent), or a
 * PostgreSQL database shared by several (`--store postgres://...`). The password is never in a flag:
 * it comes from the environment (TIDEWAY_STORE_URL, TIDEWAY_STORE_PASSWORD) or a file.
 */
export type StoreLocation =
  | { kind: 'sqlite' }
  | {
      kind: 'postgres';
      /** postgres://user@host:port/database?sslmode=... (a password only when it came from the environment). */
      url: string;
      password?: string;
      /** A CA certificate (PEM) to verify the server with. */
      caFile?: string;
    };

export interface AgentStoreContext {
  /** The SQLite file in the data directory. */
  dbFile: string;
  historyLimit?: number;
  clock: () => Date;
  log: Logger;
}

/** The Store the agent writes status, history and audit to. */
export function openAgentStore(location: StoreLocation | undefined, context: AgentStoreContext): Store {
  if (location?.kind !== 'postgres')
    return openSqliteStore({ path: context.dbFile, historyLimit: context.historyLimit, clock: context.clock });
  return openPostgresStore({
    ...connectionOf(location, context.log, 'store'),
    historyLimit: context.historyLimit,
    clock: context.clock,
  });
}

/** The AuthStore for sign-in: beside the Store, in the same database. */
export function openAgentAuthStore(location: StoreLocation | undefined, context: AgentStoreContext): AuthStore {
  if (location?.kind !== 'postgres') return openSqliteAuthStore({ path: context.dbFile });
  return openPostgresAuthStore(connectionOf(location, context.log, 'auth'));
}

function connectionOf(location: Extract<StoreLocation, { kind: 'postgres' }>, log: Logger, component: string) {
  return {
    url: location.url,
    password: location.password,
    caFile: location.caFile,
    onIdleError: (error: Error) =>
      log.warn({ component, err: error.message }, 'a PostgreSQL connection failed while idle; the next call reconnects'),
  };
}
