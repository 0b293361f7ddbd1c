import pg from 'pg';
import { StoreError } from '../store-error.js';

/** Where a PostgreSQL store lives and how to reach it. */
export interface PostgresConnectionOptions {
  /**
   * `postgres://user@host:5432/db?sslmode=verify-full&sslrootcert=/etc/tideway/ca.pem`. A password
   * may be in it (from the environment), or given apart in `password` (from a file).
   */
  url: string;
  /** The password, when not in the URL (it wins over the URL's). */
  password?: string;
  /** A CA certificate file (PEM) to verify the server with: the URL's `sslrootcert`. */
  caFile?: string;
  /** Connections in the pool (default 10). */
  maxConnections?: number;
  /** How long to wait for a connection (default 10 s). */
  connectTimeoutMs?: number;
  /** Errors of idle connections (the server restarted, the network dropped): logged, never thrown. */
  onIdleError?: (error: Error) => void;
}

const INT8_OID = 20;

/** 64-bit ids and counts as numbers (ids stay far below 2^53). */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** The URL with the password and CA file put in, checked; errors never show the password. */
export function connectionUrl(options: PostgresConnectionOptions): string {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new StoreError('the store URL is not a URL: expected postgres://user@host:port/database', { code: 'InvalidApplication' });
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new StoreError(`the store URL must start with postgres:// (got ${url.protocol}//)`, { code: 'InvalidApplication' });
  }
  if (options.password !== undefined) url.password = encodeURIComponent(options.password);
  if (options.caFile !== undefined) {
    url.searchParams.set('sslrootcert', options.caFile);
    if (!url.searchParams.has('sslmode')) url.searchParams.set('sslmode', 'verify-full');
  }
  return url.toString();
}

/** A URL safe to log: no password. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(not a URL)';
  }
}

export function createPool(options: PostgresConnectionOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: connectionUrl(options),
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    types,
  });
  // Without a listener an idle connection's error would crash the process.
  pool.on('error', (error) => options.onIdleError?.(error));
  return pool;
}

/** Connection errors worth another try: nothing was sent, so nothing can have happened twice. */
function retriable(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', '57P03'].includes(code) ||
    /timeout exceeded when trying to connect|Connection terminated/i.test((error as Error).message ?? '')
  );
}

/**
 * A connection from the pool, waiting out a short outage (3 more tries over about 2 s) when the
 * server cannot be reached; then a StoreError naming the server (never the password).
 */
export async function connect(pool: pg.Pool, where: string): Promise<pg.PoolClient> {
  const delays = [100, 400, 1500];
  for (let attempt = 0; ; attempt++) {
    try {
      return await pool.connect();
    } catch (error) {
      if (attempt >= delays.length || !retriable(error)) {
        throw new StoreError(`cannot connect to the PostgreSQL store at ${where}: ${(error as Error).message}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
    }
  }
}

/** Text PostgreSQL accepts: it refuses NUL characters, which a commit message could carry. */
export function pgText<T extends string | null | undefined>(value: T): T {
  return (typeof value === 'string' && value.includes('\0') ? value.replaceAll('\0', '\uFFFD') : value) as T;
}

/** JSON for a JSONB column (which refuses \u0000 in strings). */
export function pgJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('\\u0000', '\\ufffd');
}
