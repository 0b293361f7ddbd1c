/**
 * A real PostgreSQL server for tests: `initdb` into a temporary data directory, `postgres` on a free
 * loopback port, password (SCRAM) authentication, torn down afterwards. Root cannot run postgres, so
 * as root the server runs as a dedicated user (`postgres`, as Debian's package creates it; another
 * with TIDEWAY_TEST_PG_USER) through `setpriv`. Binaries come from TIDEWAY_TEST_PG_BIN, Debian's
 * /usr/lib/postgresql/<version>/bin (newest first), or PATH. When they are absent, tests skip with a
 * message; under CI (CI=true) absence is a failure. TIDEWAY_TEST_PG_BIN, when set, is the only place looked at.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import pg from 'pg';

export interface PostgresServer {
  host: string;
  port: number;
  /** The superuser made by initdb, and its password. */
  user: string;
  password: string;
  /** postgres://user:password@host:port/postgres */
  adminUrl: string;
  /** The CA that signed the server's certificate (TLS servers). */
  caFile?: string;
  /** A fresh, empty database (its owner: the superuser); its URL, password included. */
  createDatabase(prefix?: string): Promise<string>;
  /** A URL for another database with another user (no password in it). */
  url(database: string, user?: string): string;
  /** Runs SQL as the superuser in one database. */
  sql(database: string, text: string, values?: unknown[]): Promise<pg.QueryResult>;
  /** Stops the server (fast shutdown: clients are disconnected) and keeps its data, for resume(). */
  halt(): Promise<void>;
  /** Starts a halted server again on the same port with the same data. */
  resume(): Promise<void>;
  /** Stops the server (fast shutdown) and removes its data directory. */
  stop(): Promise<void>;
}

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** Where initdb and postgres are, or why they cannot be used. */
export function findPostgresBinaries(env: NodeJS.ProcessEnv = process.env): PostgresBinaries | { missing: string } {
  const dirs: string[] = [];
  if (env.TIDEWAY_TEST_PG_BIN) dirs.push(env.TIDEWAY_TEST_PG_BIN); // when set, the only place looked at
  const debian = '/usr/lib/postgresql';
  if (!env.TIDEWAY_TEST_PG_BIN && existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) dirs.push(path.join(debian, v, 'bin'));
  }
  if (!env.TIDEWAY_TEST_PG_BIN) dirs.push(...(env.PATH ?? '').split(path.delimiter).filter(Boolean));
  for (const dir of dirs) {
    const initdb = path.join(dir, 'initdb');
    const postgres = path.join(dir, 'postgres');
    if (existsSync(initdb) && existsSync(postgres)) return { initdb, postgres };
  }
  return {
    missing:
      'PostgreSQL server binaries (initdb, postgres) not found in TIDEWAY_TEST_PG_BIN, /usr/lib/postgresql/*/bin or PATH ' +
      '(Debian: apt-get install postgresql, as .ci/run does)',
  };
}

/**
 * Registers the tests `define` declares when PostgreSQL can be run here; otherwise one test that
 * skips with the reason (or fails under CI).
 */
export function describeWithPostgres(name: string, define: (binaries: PostgresBinaries) => void): void {
  const found = findPostgresBinaries();
  if ('missing' in found) {
    test(name, (t) => {
      if (process.env.CI === 'true') throw new Error(`${found.missing}; CI must run the PostgreSQL tests`);
      t.skip(found.missing);
    });
    return;
  }
  define(found);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** uid and gid of the user the server runs as, when this process is root. */
function serverUser(): { name: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const name = process.env.TIDEWAY_TEST_PG_USER ?? 'postgres';
  const id = (flag: string) => spawnSync('id', [flag, name], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error(`PostgreSQL cannot run as root and the user ${name} does not exist (set TIDEWAY_TEST_PG_USER to another user)`);
  }
  return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** The command line that runs `argv` as the server's user (as is when not root). */
function asServerUser(user: ReturnType<typeof serverUser>, argv: string[]): [string, string[]] {
  if (!user) return [argv[0], argv.slice(1)];
  return ['setpriv', [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', '--', ...argv]];
}

/** Starts a server; call stop() when done (an `after` hook). */
export interface StartPostgresOptions {
  /**
   * TLS only: a CA and a server certificate for 127.0.0.1 made with openssl, and pg_hba.conf accepting
   * TCP connections over TLS alone. `caFile` is then set, and the server's URLs verify it.
   */
  tls?: boolean;
}

/** Starts a server; call stop() when done (an `after` hook). */
export async function startPostgres(binaries: PostgresBinaries, options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const user = serverUser();
  const root = mkdtempSync(path.join(tmpdir(), 'tideway-pg-'));
  const dataDir = path.join(root, 'data');
  const superuser = 'tideway_test';
  const password = randomBytes(18).toString('base64url');
  const pwfile = path.join(root, 'pwfile');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (user) {
    chownSync(root, user.uid, user.gid);
    chownSync(pwfile, user.uid, user.gid);
  }
  const spawnOptions = { cwd: root, env: { ...process.env, LC_ALL: 'C', TZ: 'UTC' } };
  const [initCmd, initArgs] = asServerUser(user, [
    binaries.initdb,
    '-D',
    dataDir,
    '-U',
    superuser,
    `--pwfile=${pwfile}`,
    '--auth=scram-sha-256',
    '--encoding=UTF8',
    '--no-sync',
  ]);
  const init = spawnSync(initCmd, initArgs, { ...spawnOptions, encoding: 'utf8' });
  if (init.status !== 0) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status}): ${init.stderr || init.stdout || init.error?.message}`);
  }

  const launch = async (port: number): Promise<{ child?: ChildProcess; output: string }> => {
    const [cmd, args] = asServerUser(user, [
      binaries.postgres,
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${root}`,
      // A throwaway server: durability is not what is tested.
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=200',
      ...tlsArgs,
    ]);
    let output = '';
    const started = spawn(cmd, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
    started.stdout?.on('data', (d) => (output += d));
    started.stderr?.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => started.once('exit', (code) => resolve(code)));
    if (await waitReady(port, superuser, password, exited, ssl)) return { child: started, output };
    started.kill('SIGKILL');
    return { output };
  };
  const shutdown = async (server: ChildProcess) => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    server.kill('SIGINT'); // fast shutdown: disconnects clients, then exits
    const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  };

  const caFile = options.tls ? makeCertificates(root, dataDir, user) : undefined;
  const tlsArgs = caFile
    ? ['-c', 'ssl=on', '-c', `ssl_cert_file=${path.join(root, 'server.crt')}`, '-c', `ssl_key_file=${path.join(root, 'server.key')}`]
    : [];
  const ssl = caFile ? { ca: readFileSync(caFile, 'utf8') } : undefined;

  let server: ChildProcess | undefined;
  let port = 0;
  for (let attempt = 1; !server; attempt++) {
    port = await freePort();
    const { child, output } = await launch(port);
    server = child;
    if (!server && (attempt >= 3 || !/could not bind|Address already in use/i.test(output))) {
      rmSync(root, { recursive: true, force: true });
      throw new Error(`postgres did not start on 127.0.0.1:${port}: ${output.slice(-2000)}`);
    }
  }

  const tlsParams = caFile ? `?sslmode=verify-full&sslrootcert=${encodeURIComponent(caFile)}` : '';
  const url = (database: string, as = superuser) =>
    `postgres://${as === superuser ? `${as}:${encodeURIComponent(password)}` : as}@127.0.0.1:${port}/${database}${tlsParams}`;
  const sql = async (database: string, text: string, values?: unknown[]) => {
    const client = new pg.Client({ connectionString: url(database) });
    await client.connect();
    try {
      return await client.query(text, values);
    } finally {
      await client.end();
    }
  };
  let databases = 0;
  return {
    host: '127.0.0.1',
    port,
    user: superuser,
    password,
    adminUrl: url('postgres'),
    caFile,
    url,
    sql,
    async createDatabase(prefix = 'test') {
      const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${++databases}_${randomBytes(3).toString('hex')}`;
      await sql('postgres', `CREATE DATABASE ${name} STRATEGY FILE_COPY`);
      return url(name);
    },
    async halt() {
      if (server) await shutdown(server);
    },
    async resume() {
      if (server && server.exitCode === null && server.signalCode === null) return;
      const { child, output } = await launch(port);
      if (!child) throw new Error(`postgres did not start again on 127.0.0.1:${port}: ${output.slice(-2000)}`);
      server = child;
    },
    async stop() {
      if (server) await shutdown(server);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function waitReady(
  port: number,
  user: string,
  password: string,
  exited: Promise<number | null>,
  ssl: { ca: string } | undefined,
): Promise<boolean> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !gone) {
    const client = new pg.Client({ host: '127.0.0.1', port, user, password, database: 'postgres', connectionTimeoutMillis: 1000, ssl });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.end();
      return true;
    } catch {
      await client.end().catch(() => {});
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return false;
}

/** A CA and a server certificate for 127.0.0.1 and localhost (openssl); TCP clients must use TLS. */
function makeCertificates(root: string, dataDir: string, user: ReturnType<typeof serverUser>): string {
  const run = (...args: string[]) => {
    const r = spawnSync('openssl', args, { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr || r.error?.message}`);
  };
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=tideway test CA');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(path.join(root, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.crt',
    '-days',
    '2',
    '-extfile',
    'san.ext',
  );
  const hba = path.join(dataDir, 'pg_hba.conf');
  writeFileSync(hba, 'local all all scram-sha-256\nhostssl all all 127.0.0.1/32 scram-sha-256\n');
  for (const [file, mode] of [
    ['server.key', 0o600],
    ['server.crt', 0o644],
  ] as const) {
    const full = path.join(root, file);
    if (user) chownSync(full, user.uid, user.gid);
    chmodSync(full, mode);
  }
  if (user) chownSync(hba, user.uid, user.gid);
  return path.join(root, 'ca.crt');
}
