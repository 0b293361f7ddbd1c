/**
 * Sharded replicas on Leases, on the local control plane (its own unless TIDEWAY_BENCH_KUBECONFIG is
 * set) and a local PostgreSQL server shared by the replicas (Debian's postgresql package).
 *
 *   node --import tsx bench/shards.bench.ts [--apps 200] [--trials 5] [--lease-duration 5s]
 *
 * - N apps x 5 objects (3 ConfigMaps, a Secret, a headless Service) to Synced, with 1 replica and with
 *   3 (`tideway agent --shards 3`, same flags both times): wall time, the ratio, each replica's peak
 *   RSS, and memory per app (the single replica's peak RSS less an idle replica's, over N).
 * - With 3 replicas: `kill -9` of the holder of shard 0, `--trials` times (a fresh replica joins after
 *   each): time until another replica holds the shard (takeover), and time until an object of one of
 *   its apps, deleted at the kill, is back (heal during takeover); beside it the heal time of the
 *   same drift with every replica alive (heal at rest).
 * The replicas, the API server, etcd and PostgreSQL share this machine's cores: read the ratios.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { shardOf } from '../src/core/shards/index.js';
import { parseDuration } from '../src/core/application/parse-duration.js';
import { createKubernetesTarget, type KubernetesTarget } from '../src/target/kubernetes/index.js';
import { createTestRepo } from '../test/support/git-repo.js';
import { findPostgresBinaries, startPostgres, type PostgresServer } from '../test/support/postgres.js';
import { benchCluster } from './support/bench-cluster.js';
import { benchReport } from './support/results.js';
import { fleetFiles } from './support/fleet.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const results = benchReport('Sharded replicas: 1 vs 3 to Synced, takeover after kill -9');
const arg = (name: string, fallback: string) =>
  process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : fallback;
const appCount = Number(arg('apps', '200'));
const trials = Number(arg('trials', '5'));
const leaseMs = parseDuration(arg('lease-duration', '5s'), '--lease-duration');
const renewMs = Math.round(leaseMs * 0.66);
const retryMs = Math.max(200, Math.round(leaseMs / 10));
const SHARDS = 3;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms (n=${xs.length})`;

async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs: number, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** The machine's busy and total CPU jiffies so far (all cores), from /proc/stat. */
function machineCpu(): { busy: number; total: number } {
  const [, ...v] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: total - v[3] - v[4], total };
}

/** CPU seconds (user + system) the process has used so far. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Peak (VmHWM) or current (VmRSS) resident memory of a process, KiB. */
function rssKiB(pid: number, field: 'VmHWM' | 'VmRSS' = 'VmHWM'): number {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

interface Run {
  kube: KubernetesTarget;
  kubeconfig: string;
  server: PostgresServer;
  leaseNs: string;
  database: string;
  appsDir: string;
  tmp: string;
  /** The embedded SQLite store instead of the shared PostgreSQL one. */
  sqlite?: boolean;
}

/** With BENCH_AGENT_LOG set, each replica's log goes to <tmpdir>/tideway-bench-shards-logs/<id>.log (kept). */
function logFile(id: string): number {
  const dir = path.join(os.tmpdir(), 'tideway-bench-shards-logs');
  mkdirSync(dir, { recursive: true });
  return openSync(path.join(dir, `${id}.log`), 'w');
}

function startReplica(run: Run, id: string): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      path.join(root, 'bin/tideway.js'),
      'agent',
      '--apps',
      run.appsDir,
      '--shards',
      String(SHARDS),
      '--replica-id',
      id,
      '--lease-duration',
      `${leaseMs}ms`,
      '--renew-deadline',
      `${renewMs}ms`,
      '--retry-period',
      `${retryMs}ms`,
      ...(run.sqlite ? [] : ['--store', `postgres://${run.server.user}@${run.server.host}:${run.server.port}/${run.database}`]),
      '--data-dir',
      path.join(run.tmp, id),
      '--port',
      '0',
      '--concurrency',
      '16',
      '--log-level',
      process.env.BENCH_AGENT_LOG ?? 'error',
    ],
    {
      env: { ...process.env, KUBECONFIG: run.kubeconfig, TIDEWAY_NAMESPACE: run.leaseNs, TIDEWAY_STORE_PASSWORD: run.server.password },
      stdio: ['ignore', process.env.BENCH_AGENT_LOG ? logFile(id) : 'ignore', 'inherit'],
    },
  );
  return child;
}

async function holders(run: Run): Promise<string[]> {
  const res = await run.kube.client.request<{ items: Array<{ metadata: { name: string }; spec: { holderIdentity?: string } }> }>(
    'GET',
    `/apis/coordination.k8s.io/v1/namespaces/${run.leaseNs}/leases`,
  );
  const out: string[] = Array.from({ length: SHARDS }, () => '');
  for (const l of res.body.items ?? []) {
    const m = /^tideway-shard-(\d+)$/.exec(l.metadata.name);
    if (m) out[Number(m[1])] = l.spec.holderIdentity ?? '';
  }
  return out;
}

async function syncedCount(run: Run): Promise<number> {
  const { rows } = await run.server.sql(run.database, "SELECT count(*)::int AS n FROM app_status WHERE sync_status = 'Synced'");
  return rows[0].n as number;
}

async function main() {
  const binaries = findPostgresBinaries();
  if ('missing' in binaries) throw new Error(binaries.missing);
  const { kubeconfig, stop } = await benchCluster();
  const kube = createKubernetesTarget({ kubeconfig });
  const server = await startPostgres(binaries);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tideway-bench-shards-'));
  const nsCount = Math.max(1, Math.ceil(appCount / 20));
  const stamp = Date.now() % 100000;
  const destNs = (a: number) => `bench-shards-${stamp}-${a % nsCount}`;
  const repo = createTestRepo(fleetFiles(appCount));
  const children: ChildProcess[] = [];
  const kill = async (c: ChildProcess, signal: NodeJS.Signals) => {
    if (c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill(signal);
    await exited;
  };
  results.line(
    `${appCount} apps x 5 objects, ${SHARDS} shards, leases ${leaseMs}/${renewMs}/${retryMs} ms (duration/renew deadline/retry), PostgreSQL store`,
  );
  try {
    const timeToSynced: Record<number, number> = {};
    let singlePeak = 0;
    let idlePeak = 0;
    let idleNow = 0;
    let singleNow = 0;
    for (const replicaCount of [1, 3]) {
      const leaseNs = `bench-leases-${stamp}-${replicaCount}`;
      await kube.client.request('POST', '/api/v1/namespaces', {
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: leaseNs } },
      });
      const database = `bench_${replicaCount}`;
      await server.sql('postgres', `CREATE DATABASE ${database}`);
      const appsDir = path.join(tmp, `apps-${replicaCount}`);
      mkdirSync(appsDir);
      const run: Run = { kube, kubeconfig, server, leaseNs, database, appsDir, tmp: path.join(tmp, `run-${replicaCount}`) };
      const docs: string[] = [];
      for (let a = 0; a < appCount; a++)
        docs.push(
          `apiVersion: tideway.dev/v1alpha1\nkind: Application\nmetadata: { name: app-${a} }\nspec:\n  source: { repoURL: ${repo.dir}, targetRevision: main, path: apps/app-${a}, interval: 1h }\n  destination: { namespace: ${destNs(a)}${replicaCount === 3 ? '-r3' : ''} }\n  syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: [CreateNamespace=true] }\n`,
        );
      if (replicaCount === 1) {
        // An idle replica (no apps) first: the baseline its memory per app is counted from.
        mkdirSync(path.join(tmp, 'no-apps'), { recursive: true });
        const idle = startReplica({ ...run, appsDir: path.join(tmp, 'no-apps') }, 'idle');
        await until('the idle replica holding the shards', async () => (await holders(run)).every((h) => h === 'idle'), 60_000, 100);
        await sleep(2000);
        idlePeak = rssKiB(idle.pid!);
        idleNow = rssKiB(idle.pid!, 'VmRSS');
        await kill(idle, 'SIGTERM');
        await until('the idle replica gone from the shards', async () => (await holders(run)).every((h) => h === ''), 30_000, 100);
      }
      writeFileSync(path.join(appsDir, 'apps.yaml'), docs.join('---\n'));
      const started = performance.now();
      const cpuBefore = machineCpu();
      const replicas = Array.from({ length: replicaCount }, (_, i) => ({
        id: `r${replicaCount}-${i}`,
        child: startReplica(run, `r${replicaCount}-${i}`),
      }));
      children.push(...replicas.map((r) => r.child));
      await until('every app Synced', async () => (await syncedCount(run)) === appCount, Math.max(10 * 60_000, appCount * 500), 250);
      const seconds = (performance.now() - started) / 1000;
      timeToSynced[replicaCount] = seconds;
      const peaks = replicas.map((r) => rssKiB(r.child.pid!));
      const cpu = replicas.map((r) => cpuSeconds(r.child.pid!));
      const cpuAfter = machineCpu();
      const machineBusy = (100 * (cpuAfter.busy - cpuBefore.busy)) / (cpuAfter.total - cpuBefore.total);
      if (replicaCount === 1) {
        singlePeak = peaks[0];
        // Steady state: resident memory once the start's renders are over and collected.
        await sleep(10_000);
        singleNow = rssKiB(replicas[0].child.pid!, 'VmRSS');
      }
      const owned = await holders(run);
      results.line(
        `${replicaCount} replica${replicaCount > 1 ? 's' : ''}: start to ${appCount} apps Synced ${seconds.toFixed(1)} s; peak RSS per replica ${peaks.map((k) => `${(k / 1024).toFixed(0)} MiB`).join(', ')}; CPU per replica ${cpu.map((c) => `${c.toFixed(1)} s`).join(', ')}; machine CPU busy ${machineBusy.toFixed(0)}% of ${os.cpus().length} cores; shard holders ${owned.join(', ')}`,
      );

      if (replicaCount === 3) {
        const cm = async (a: number) =>
          (await kube.client.request('GET', `/api/v1/namespaces/${destNs(a)}-r3/configmaps/app-${a}-cm-0`)).status === 200;
        const appOfShard0 = [...Array(appCount).keys()].filter((a) => shardOf(`app-${a}`, SHARDS) === 0);
        const healOnce = async (a: number) => {
          await kube.client.request('DELETE', `/api/v1/namespaces/${destNs(a)}-r3/configmaps/app-${a}-cm-0`);
          const t = performance.now();
          await until('the deleted ConfigMap healed', async () => await cm(a), 120_000, 10);
          return performance.now() - t;
        };
        const atRest: number[] = [];
        for (let t = 0; t < trials; t++) {
          atRest.push(await healOnce(appOfShard0[t % appOfShard0.length]));
          await sleep(2100); // drift repeated within 2 s of a heal is backed off as a fight
        }
        const takeover: number[] = [];
        const healDuring: number[] = [];
        let next = 3;
        for (let t = 0; t < trials; t++) {
          const before = await until(
            'three holders',
            async () => {
              const h = await holders(run);
              return new Set(h.filter(Boolean)).size === SHARDS && h;
            },
            120_000,
            100,
          );
          const victim = replicas.find((r) => r.id === before[0])!;
          const a = appOfShard0[(t + 1) % appOfShard0.length];
          await kill(victim.child, 'SIGKILL');
          const killed = performance.now();
          await kube.client.request('DELETE', `/api/v1/namespaces/${destNs(a)}-r3/configmaps/app-${a}-cm-0`);
          const [took, healed] = await Promise.all([
            until(
              'shard 0 taken',
              async () => {
                const h = await holders(run);
                return h[0] !== '' && h[0] !== victim.id && performance.now() - killed;
              },
              120_000,
              20,
            ),
            until('the app healed', async () => (await cm(a)) && performance.now() - killed, 120_000, 20),
          ]);
          takeover.push(took);
          healDuring.push(healed);
          const id = `r3-${next++}`;
          const child = startReplica(run, id);
          children.push(child);
          replicas.splice(replicas.indexOf(victim), 1, { id, child });
          await sleep(2100);
        }
        if (trials > 0)
          results.line(`takeover after kill -9 (another replica holds the shard): ${fmt(takeover)}; lease duration ${leaseMs} ms`);
        if (trials > 0) results.line(`heal of a deleted ConfigMap, every replica alive:           ${fmt(atRest)}`);
        if (trials > 0) results.line(`heal of a deleted ConfigMap at the kill, during takeover:   ${fmt(healDuring)}`);
        if (trials > 0)
          results.line(
            `  per trial (takeover/heal, ms): ${takeover.map((t, i) => `${t.toFixed(0)}/${healDuring[i].toFixed(0)}`).join(' ')}`,
          );
      }
      for (const r of replicas) await kill(r.child, 'SIGTERM');
    }
    // History writes off the heal's critical latency: the same heals with PostgreSQL and with SQLite, alternated.
    const healNs = `bench-shards-${stamp}-heal`;
    const healApps = 10;
    const healDocs = Array.from(
      { length: healApps },
      (_, a) =>
        `apiVersion: tideway.dev/v1alpha1\nkind: Application\nmetadata: { name: heal-${a} }\nspec:\n  source: { repoURL: ${repo.dir}, targetRevision: main, path: apps/app-${a}, interval: 1h }\n  destination: { namespace: ${healNs} }\n  syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: [CreateNamespace=true] }\n`,
    );
    const healDir = path.join(tmp, 'apps-heal');
    mkdirSync(healDir);
    writeFileSync(path.join(healDir, 'apps.yaml'), healDocs.join('---\n'));
    const healCm = async (a: number) =>
      (await kube.client.request('GET', `/api/v1/namespaces/${healNs}/configmaps/app-${a}-cm-1`)).status === 200;
    const healTimes: Record<'postgres' | 'sqlite', number[]> = { postgres: [], sqlite: [] };
    for (const [round, store] of (['postgres', 'sqlite', 'postgres', 'sqlite'] as const).entries()) {
      // One Lease namespace for every round: it names the replicas' inventory identity (a stopped replica gives its Leases back).
      const leaseNs = `bench-leases-${stamp}-heal`;
      if (round === 0) {
        await kube.client.request('POST', '/api/v1/namespaces', {
          body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: leaseNs } },
        });
        await server.sql('postgres', 'CREATE DATABASE bench_heal');
      }
      const run: Run = {
        kube,
        kubeconfig,
        server,
        leaseNs,
        database: 'bench_heal',
        appsDir: healDir,
        tmp: path.join(tmp, `heal-${round}`),
        sqlite: store === 'sqlite',
      };
      const child = startReplica(run, `heal-${round}`);
      children.push(child);
      await until(
        'the heal apps synced',
        async () => {
          for (let a = 0; a < healApps; a++) if (!(await healCm(a))) return false;
          return true;
        },
        120_000,
        250,
      );
      await sleep(3000); // the start's reconciles over
      for (let t = 0; t < Math.max(10, trials * 2); t++) {
        const a = t % healApps;
        await kube.client.request('DELETE', `/api/v1/namespaces/${healNs}/configmaps/app-${a}-cm-1`);
        const at = performance.now();
        await until('the deleted ConfigMap healed', async () => await healCm(a), 60_000, 5);
        healTimes[store].push(performance.now() - at);
        await sleep(300);
      }
      await kill(child, 'SIGTERM');
    }
    await kube.client.request('DELETE', `/api/v1/namespaces/bench-leases-${stamp}-heal`).catch(() => undefined);
    results.line(`heal at rest, 1 replica, history in PostgreSQL: ${fmt(healTimes.postgres)}`);
    results.line(`heal at rest, 1 replica, history in SQLite:     ${fmt(healTimes.sqlite)} (same apps, runs alternated)`);
    await kube.client.request('DELETE', `/api/v1/namespaces/${healNs}`).catch(() => undefined);
    results.line(
      `speed-up to Synced, 3 replicas vs 1: ${(timeToSynced[1] / timeToSynced[3]).toFixed(2)}x (the control plane and PostgreSQL share the cores)`,
    );
    results.line(
      `memory per app at rest (1 replica's RSS 10 s after Synced ${(singleNow / 1024).toFixed(0)} MiB less an idle replica's ${(idleNow / 1024).toFixed(0)} MiB, over ${appCount}): ${((singleNow - idleNow) / appCount).toFixed(1)} KiB`,
    );
    results.line(
      `memory per app (1 replica's peak RSS ${(singlePeak / 1024).toFixed(0)} MiB less an idle replica's ${(idlePeak / 1024).toFixed(0)} MiB, over ${appCount}): ${((singlePeak - idlePeak) / appCount).toFixed(1)} KiB`,
    );
  } finally {
    for (const c of children) await kill(c, 'SIGKILL');
    for (let i = 0; i < nsCount; i++)
      for (const suffix of ['', '-r3'])
        await kube.client.request('DELETE', `/api/v1/namespaces/${destNs(i)}${suffix}`).catch(() => undefined);
    for (const n of [1, 3]) await kube.client.request('DELETE', `/api/v1/namespaces/bench-leases-${stamp}-${n}`).catch(() => undefined);
    await server.stop();
    kube.close();
    repo.remove();
    rmSync(tmp, { recursive: true, force: true });
    await stop();
  }
}

await main();
results.save();
