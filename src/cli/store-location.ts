import { readFileSync } from 'node:fs';
import type { StoreLocation } from '../agent/agent-stores.js';
import { UsageError } from './usage-error.js';

/**
 * The agent's store from `--store` or TIDEWAY_STORE_URL (the flag wins): `sqlite` (the default) or
 * `postgres://user@host:port/database?sslmode=verify-full`. A password is never taken from the flag,
 * which `ps` shows: it comes from TIDEWAY_STORE_URL itself, TIDEWAY_STORE_PASSWORD, or the file named
 * by TIDEWAY_STORE_PASSWORD_FILE; TIDEWAY_STORE_CA_FILE names a CA certificate to verify the server.
 */
export function storeLocationFrom(flag: string | undefined, env: NodeJS.ProcessEnv): StoreLocation {
  const fromEnv = env.TIDEWAY_STORE_URL?.trim() || undefined;
  const value = flag ?? fromEnv;
  const field = flag !== undefined ? '--store' : 'TIDEWAY_STORE_URL';
  if (value === undefined || value === 'sqlite') return { kind: 'sqlite' };
  if (!/^postgres(ql)?:\/\//.test(value)) {
    throw new UsageError(`${field}: expected sqlite or postgres://user@host:port/database, got ${JSON.stringify(value.split('@').pop())}`, {
      command: 'agent',
    });
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${field}: not a valid URL (postgres://user@host:port/database)`, { command: 'agent' });
  }
  if (flag !== undefined && url.password) {
    throw new UsageError(
      '--store: the URL holds a password, which any user can read in the process list; give the URL without it and the password in TIDEWAY_STORE_PASSWORD_FILE (or TIDEWAY_STORE_PASSWORD, or the whole URL in TIDEWAY_STORE_URL)',
      { command: 'agent' },
    );
  }
  const location: StoreLocation = { kind: 'postgres', url: value };
  const passwordFile = env.TIDEWAY_STORE_PASSWORD_FILE;
  if (passwordFile) {
    try {
      location.password = readFileSync(passwordFile, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new UsageError(
        `TIDEWAY_STORE_PASSWORD_FILE: cannot read ${passwordFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        {
          command: 'agent',
        },
      );
    }
  } else if (env.TIDEWAY_STORE_PASSWORD) location.password = env.TIDEWAY_STORE_PASSWORD;
  if (env.TIDEWAY_STORE_CA_FILE) location.caFile = env.TIDEWAY_STORE_CA_FILE;
  return location;
}
