/**
 * Sync benchmark: Tideway (`tideway sync`, a fresh process each time) against
 * `kubectl apply --server-side` on the same manifests, on the local control plane, in the same run.
 *
 *   node --import tsx bench/sync.bench.ts [--sizes 100,500,2000] [--repeat 3] [--baseline REV]
 *
 * For each size: first apply (into fresh namespaces each run), no-op re-sync (also counts each tool's
 * writes: its managedFields entries before/after), and a re-sync with 10% of the objects changed (a new
 * version each run). Each figure is the median of --repeat runs per tool, the tools alternating. Prints wall times, the ratio kubectl/tideway
 * (higher is better for Tideway) and each process's peak RSS (GNU time). Uses TIDEWAY_BENCH_KUBECONFIG
 * if set, else starts its own control plane.
 *
 * --baseline REV also runs Tideway as it was at commit REV (checked out in a temporary worktree, its
 * bundle built with this tree's node_modules) on the same input in the same run, alternating with
 * the others, into namespaces of its own: a regression check of a change to the engine, printed as
 * the ratio baseline/current (above 1: the current engine is faster).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestRepo } from '../test/support/git-repo.js';
import { benchCluster } from './support/bench-cluster.js';
import { benchReport } from './support/results.js';
import { createKubernetesTarget } from '../src/target/kubernetes/index.js';
import { createRestClient } from '../src/target/kubernetes/rest-client.js';
import { parseManifests } from '../src/render/parse-manifests.js';
import { mapLimit } from '../src/concurrency/map-limit.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const repeat = process.argv.includes('--repeat') ? Number(process.argv[process.argv.indexOf('--repeat') + 1]) : 3;
const baselineRev = process.argv.includes('--baseline') ? process.argv[process.argv.indexOf('--baseline') + 1] : undefined;
const sizes = (process.argv.includes('--sizes') ? process.argv[process.argv.indexOf('--sizes') + 1] : '100,500,2000')
  .split(',')
  .map(Number);

function manifests(n: number, version: number, changedEvery: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const v = changedEvery > 0 && i % changedEvery === 0 ? version : 0;
    const kind = i % 3;
    const name = `obj-${i}`;
    files[`manifests/${name}.yaml`] =
      kind === 0
        ? `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  index: "${i}"\n  version: "${v}"\n`
        : kind === 1
          ? `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  labels: { version: "${v}" }\nspec:\n  clusterIP: None\n  selector: { app: ${name} }\n  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: 8080\n`
          : `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: 1\n  selector: { matchLabels: { app: ${name} } }\n  template:\n    metadata: { labels: { app: ${name} } }\n    spec:\n      containers:\n      - name: main\n        image: nginx:1.25\n        env: [ { name: VERSION, value: "${v}" } ]\n`;
  }
  return files;
}

interface Run {
  seconds: number;
  peakKiB: number;
  code: number;
}

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): Run {
  const res = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const last = res.stderr.trim().split('\n').pop() ?? '';
  const [seconds, peak] = last.split(' ').map(Number);
  if (res.status !== 0) process.stderr.write(`${cmd} ${args.join(' ')} exited ${res.status}:\n${res.stderr.slice(-2000)}\n`);
  return { seconds, peakKiB: peak, code: res.status ?? 1 };
}

/**
 * Per object, the managedFields entry of `manager` (its time and fields). A write by that manager
 * changes it; a no-op apply and the controllers' own status writes do not.
 */
async function managerEntries(kubeconfig: string, ns: string, manager: string): Promise<Map<string, string>> {
  const target = createKubernetesTarget({ kubeconfig });
  const out = new Map<string, string>();
  for (const p of [
    `/api/v1/namespaces/${ns}/configmaps`,
    `/api/v1/namespaces/${ns}/services`,
    `/apis/apps/v1/namespaces/${ns}/deployments`,
  ]) {
    const res = await target.client.request<{
      items: Array<{
        metadata: { name: string; managedFields?: Array<{ manager: string; operation: string; time?: string; fieldsV1?: unknown }> };
      }>;
    }>('GET', p);
    for (const item of res.body.items ?? []) {
      const entry = item.metadata.managedFields?.find((m) => m.manager === manager && m.operation === 'Apply');
      if (entry) out.set(`${p}/${item.metadata.name}`, JSON.stringify([entry.time, entry.fieldsV1]));
    }
  }
  target.close();
  return out;
}

/**
 * The API server's own pace: the same objects created by server-side apply from inside this process
 * (HTTP/2, 32 at once, no process start, no git, no render, no comparison). No client can create
 * them faster; the first-apply ratio is bounded by kubectl's time over this.
 */
async function apiServerFloor(kubeconfig: string, files: Record<string, string>, ns: string): Promise<number> {
  const client = createRestClient({ kubeconfig });
  const plural: Record<string, string> = {
    ConfigMap: '/api/v1/namespaces/NS/configmaps',
    Service: '/api/v1/namespaces/NS/services',
    Deployment: '/apis/apps/v1/namespaces/NS/deployments',
  };
  const objects = Object.entries(files).flatMap(([f, text]) => parseManifests(text, f).map((r) => r.object));
  await client.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
  const started = performance.now();
  await mapLimit(objects, 32, async (o) => {
    const res = await client.request('PATCH', `${plural[o.kind].replace('NS', ns)}/${o.metadata.name}`, {
      query: { fieldManager: 'bench-floor' },
      body: o,
      contentType: 'application/apply-patch+yaml',
    });
    if (res.status >= 300) throw new Error(`floor: ${o.kind}/${o.metadata.name}: HTTP ${res.status}`);
  });
  const seconds = (performance.now() - started) / 1000;
  client.close();
  return seconds;
}

function writes(before: Map<string, string>, after: Map<string, string>): number {
  let n = 0;
  for (const [k, v] of after) if (before.get(k) !== v) n++;
  return n;
}

function median(runs: Run[]): Run {
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  const mid = sorted[Math.floor(sorted.length / 2)];
  return { seconds: mid.seconds, peakKiB: Math.max(...runs.map((r) => r.peakKiB)), code: runs.some((r) => r.code !== 0) ? 1 : 0 };
}

/** A worktree of this repository at REV with its CLI bundle built (this tree's node_modules linked in). */
function prepareBaseline(rev: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-baseline-'));
  rmSync(dir, { recursive: true, force: true });
  execFileSync('git', ['-C', root, 'worktree', 'add', '--detach', dir, rev], { stdio: 'ignore' });
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  execFileSync(process.execPath, [path.join(dir, 'scripts/build.mjs')], { stdio: 'inherit' });
  return { dir, remove: () => execFileSync('git', ['-C', root, 'worktree', 'remove', '--force', dir], { stdio: 'ignore' }) };
}

async function main() {
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' }); // measure the bundled CLI users run
  const baseline = baselineRev ? prepareBaseline(baselineRev) : undefined;
  const { kubeconfig, stop } = await benchCluster();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KUBECONFIG: kubeconfig,
    TIDEWAY_CACHE_DIR: mkdtempSync(path.join(os.tmpdir(), 'tideway-bench-cache-')),
  };
  // NODE_EXTRA_CA_CERTS (set on this machine to the system bundle) makes every Node process parse ~140
  // certificates before its first line runs (~100 ms); kubectl ignores it. Neither tool needs it here.
  const extraCa = env.NODE_EXTRA_CA_CERTS;
  delete env.NODE_EXTRA_CA_CERTS;
  const rows: string[] = [];
  process.stdout.write(
    `each figure is the median of ${repeat} runs per tool, alternating tideway and kubectl${extraCa ? '; NODE_EXTRA_CA_CERTS unset for both' : ''}\n`,
  );
  try {
    for (const n of sizes) {
      const repo = createTestRepo(manifests(n, 0, 0));
      const kdir = mkdtempSync(path.join(os.tmpdir(), 'kubectl-bench-'));
      const writeKubectl = (files: Record<string, string>) => {
        for (const [f, c] of Object.entries(files)) {
          mkdirSync(path.join(kdir, path.dirname(f)), { recursive: true });
          writeFileSync(path.join(kdir, f), c);
        }
      };
      writeKubectl(manifests(n, 0, 0));
      const stamp = Date.now() % 100000;
      const namespaces: string[] = [];
      const appFileFor = (ns: string) => {
        const file = path.join(repo.dir, '..', `${path.basename(repo.dir)}-${ns}.yaml`);
        writeFileSync(
          file,
          `apiVersion: tideway.dev/v1alpha1\nkind: Application\nmetadata: { name: bench${n} }\nspec:\n  source: { repoURL: ${repo.dir}, targetRevision: main, path: manifests }\n  destination: { namespace: ${ns} }\n  syncPolicy: { automated: { prune: true }, syncOptions: [CreateNamespace=true] }\n`,
        );
        return file;
      };
      const tideway = (appFile: string, cacheDir = env.TIDEWAY_CACHE_DIR) =>
        timed(process.execPath, [path.join(root, 'bin/tideway.js'), 'sync', '-f', appFile, '-o', 'json'], {
          ...env,
          TIDEWAY_CACHE_DIR: cacheDir,
        });
      const baseCache = mkdtempSync(path.join(os.tmpdir(), 'tideway-bench-baseline-cache-'));
      const base = (appFile: string): Run =>
        timed(process.execPath, [path.join(baseline!.dir, 'bin/tideway.js'), 'sync', '-f', appFile, '-o', 'json'], {
          ...env,
          TIDEWAY_CACHE_DIR: baseCache,
        });
      const baseRuns: Record<string, Run[]> = { first: [], noop: [], changed: [] };
      const baseRow = (phase: string, key: string, t: Run) => {
        if (!baseline) return;
        const b = median(baseRuns[key]);
        rows.push(
          `${String(n).padStart(5)}  ${phase.padEnd(14)} tideway ${t.seconds.toFixed(2).padStart(6)} s | tideway@${baselineRev} ${b.seconds.toFixed(2).padStart(6)} s ${String(Math.round(b.peakKiB / 1024)).padStart(4)} MiB | baseline/current ${(b.seconds / t.seconds).toFixed(2)}x`,
        );
      };
      const kubectl = (ns: string) => timed('kubectl', ['apply', '--server-side', '-n', ns, '-R', '-f', path.join(kdir, 'manifests')], env);

      const row = (phase: string, t: Run, k: Run, extra = '') =>
        rows.push(
          `${String(n).padStart(5)}  ${phase.padEnd(14)} tideway ${t.seconds.toFixed(2).padStart(6)} s ${String(Math.round(t.peakKiB / 1024)).padStart(4)} MiB | kubectl ${k.seconds.toFixed(2).padStart(6)} s ${String(Math.round(k.peakKiB / 1024)).padStart(4)} MiB | ratio ${(k.seconds / t.seconds).toFixed(1).padStart(5)}x${extra}`,
        );

      // First apply: each run into fresh namespaces, and Tideway with an empty repository cache (git
      // clone, checkout and render from scratch; its compiled-code and discovery caches kept, as after any earlier run
      // of the installed CLI, like kubectl's discovery cache); the last namespaces and cache stay for the re-syncs.
      const firstT: Run[] = [];
      const firstK: Run[] = [];
      let nsT = '';
      let nsK = '';
      let appFile = '';
      let baseAppFile = '';
      for (let r = 0; r < repeat; r++) {
        nsT = `bench-tideway-${n}-${stamp}-${r}`;
        nsK = `bench-kubectl-${n}-${stamp}-${r}`;
        namespaces.push(nsT, nsK);
        appFile = appFileFor(nsT);
        for (const data of ['git', 'renders']) rmSync(path.join(env.TIDEWAY_CACHE_DIR!, data), { recursive: true, force: true });
        execFileSync('kubectl', ['create', 'namespace', nsK], { env, stdio: 'ignore' });
        firstT.push(tideway(appFile));
        firstK.push(kubectl(nsK));
        if (baseline) {
          const nsB = `bench-baseline-${n}-${stamp}-${r}`;
          namespaces.push(nsB);
          baseAppFile = appFileFor(nsB);
          for (const data of ['git', 'renders']) rmSync(path.join(baseCache, data), { recursive: true, force: true });
          baseRuns.first.push(base(baseAppFile));
        }
      }
      const t1 = median(firstT);
      const k1 = median(firstK);
      const floorNs = `bench-floor-${n}-${stamp}`;
      namespaces.push(floorNs);
      const floor = await apiServerFloor(kubeconfig, manifests(n, 0, 0), floorNs);
      row('first apply', t1, k1, `  (API server floor ${floor.toFixed(2)} s: kubectl/floor ${(k1.seconds / floor).toFixed(1)}x)`);
      await new Promise((r) => setTimeout(r, 1100)); // managedFields times have a one-second resolution
      const beforeT = await managerEntries(kubeconfig, nsT, 'tideway');
      const beforeK = await managerEntries(kubeconfig, nsK, 'kubectl');
      const noopT: Run[] = [];
      const noopK: Run[] = [];
      for (let r = 0; r < repeat; r++) {
        noopT.push(tideway(appFile));
        noopK.push(kubectl(nsK));
        if (baseline) baseRuns.noop.push(base(baseAppFile));
      }
      const wT = writes(beforeT, await managerEntries(kubeconfig, nsT, 'tideway'));
      const wK = writes(beforeK, await managerEntries(kubeconfig, nsK, 'kubectl'));
      const t2 = median(noopT);
      const k2 = median(noopK);
      row('no-op re-sync', t2, k2, `  (writes: tideway ${wT}, kubectl ${wK})`);
      // 10% changed: each run commits a new version of every tenth object.
      const changedT: Run[] = [];
      const changedK: Run[] = [];
      for (let r = 0; r < repeat; r++) {
        const changed = manifests(n, r + 1, 10);
        repo.commit(changed, `10% changed, version ${r + 1}`);
        writeKubectl(changed);
        changedT.push(tideway(appFile));
        changedK.push(kubectl(nsK));
        if (baseline) baseRuns.changed.push(base(baseAppFile));
      }
      const t3 = median(changedT);
      const k3 = median(changedK);
      row('10% changed', t3, k3);
      baseRow('first apply', 'first', t1);
      baseRow('no-op re-sync', 'noop', t2);
      baseRow('10% changed', 'changed', t3);
      if ([t1, t2, t3, k1, k2, k3].some((r) => r.code !== 0)) rows.push('  (a command failed; see stderr)');
      // Wait for the deletion (the namespace controller and garbage collector remove thousands of
      // objects): the next size must not be measured against that background work.
      execFileSync('kubectl', ['delete', 'namespace', ...namespaces, '--wait=true', '--timeout=600s'], { env, stdio: 'ignore' });
      repo.remove();
      rmSync(kdir, { recursive: true, force: true });
      for (const ns of namespaces.filter((x) => x.startsWith('bench-tideway') || x.startsWith('bench-baseline')))
        rmSync(appFileFor(ns), { force: true });
      rmSync(baseCache, { recursive: true, force: true });
      process.stdout.write(`${rows.slice(baseline ? -6 : -3).join('\n')}\n`);
    }
  } finally {
    baseline?.remove();
    await stop();
    rmSync(env.TIDEWAY_CACHE_DIR!, { recursive: true, force: true });
  }
  const results = benchReport(
    baseline
      ? `Sync: tideway sync against kubectl apply --server-side and tideway@${baselineRev}`
      : 'Sync: tideway sync against kubectl apply --server-side',
  );
  results.line(
    `median of ${repeat} alternating runs per tool; ratio = kubectl time / tideway time; peak = max RSS of the process over the runs`,
  );
  for (const r of rows) results.line(r);
  results.save();
}

await main();
