/**
 * Store write throughput: what a first reconcile of N apps writes (the agent's calls, in its order:
 * getStatus, startSync, finishSync with 5 entries, a sync.finished audit event, patchStatus Synced),
 * from 8 workers as the agent's default concurrency, on SQLite (a WAL file in a temp dir) and on
 * PostgreSQL (a real server started as the tests start it: loopback, fsync off, so this measures the
 * driver, the protocol and the server's work, not a disk), in the same run.
 *
 *   node --import tsx bench/store.bench.ts [--apps 1000] [--concurrency 8]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChangeSetEntry } from '../src/core/sync/change-set.js';
import { openPostgresStore } from '../src/store/postgres/index.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import type { Store } from '../src/store/store.js';
import { findPostgresBinaries, startPostgres } from '../test/support/postgres.js';
import { benchReport } from './support/results.js';

const arg = (name: string, fallback: string) =>
  process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : fallback;
const appCount = Number(arg('apps', '1000'));
const concurrency = Number(arg('concurrency', '8'));
const results = benchReport('Store: writes of a 1,000-app first reconcile, SQLite vs PostgreSQL');

const entries: ChangeSetEntry[] = [
  ...['a', 'b', 'c'].map((n) => ({
    ref: { group: '', version: 'v1', kind: 'ConfigMap', namespace: 'ns', name: n },
    action: 'created' as const,
  })),
  { ref: { group: '', version: 'v1', kind: 'Secret', namespace: 'ns', name: 's' }, action: 'created' },
  { ref: { group: '', version: 'v1', kind: 'Service', namespace: 'ns', name: 'svc' }, action: 'created', health: { status: 'Healthy' } },
];

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/** One app's writes; returns the milliseconds of the writes a heal waits for (start, finish, status). */
async function reconcileWrites(store: Store, app: string): Promise<number> {
  await store.getStatus(app);
  const t = performance.now();
  const id = await store.startSync({
    app,
    revision: { sha: 'a'.repeat(40), author: 'Ada', message: 'bench' },
    trigger: 'startup',
    who: 'Ada',
  });
  await store.finishSync(id, { result: 'Succeeded', message: 'synced', entries });
  const critical = performance.now() - t;
  await store.appendAudit({
    actor: 'Ada',
    action: 'sync.finished',
    app,
    detail: { revision: 'a'.repeat(40), result: 'Succeeded', changed: 5 },
  });
  const t2 = performance.now();
  await store.patchStatus(app, {
    syncStatus: 'Synced',
    health: { status: 'Healthy' },
    revision: { sha: 'a'.repeat(40), author: 'Ada', message: 'bench' },
    conditions: [],
  });
  return critical + (performance.now() - t2);
}

async function run(name: string, store: Store): Promise<void> {
  // warm up: connections, prepared statements, the page cache
  for (let i = 0; i < 20; i++) await reconcileWrites(store, `warm-${i}`);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < appCount) {
        const i = next++;
        latencies.push(await reconcileWrites(store, `app-${String(i).padStart(5, '0')}`));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const calls = appCount * 5;
  results.line(
    `${name.padEnd(10)} ${appCount} apps in ${seconds.toFixed(2)} s: ${(appCount / seconds).toFixed(0)} apps/s, ` +
      `${(calls / seconds).toFixed(0)} store calls/s (${calls} calls); heal-path writes per app p50 ${pct(latencies, 50).toFixed(2)} ms, ` +
      `p95 ${pct(latencies, 95).toFixed(2)} ms`,
  );
  await store.close();
}

results.line(`${appCount} apps, ${concurrency} workers; per app: getStatus, startSync, finishSync (5 entries), appendAudit, patchStatus`);
const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-store-bench-'));
try {
  await run('sqlite', openSqliteStore({ path: path.join(dir, 'state.db') }));
  const binaries = findPostgresBinaries();
  if ('missing' in binaries) results.line(`postgres   skipped: ${binaries.missing}`);
  else {
    const server = await startPostgres(binaries);
    try {
      const store = openPostgresStore({ url: await server.createDatabase('bench') });
      await store.ready();
      await run('postgres', store);
    } finally {
      await server.stop();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
results.save();
