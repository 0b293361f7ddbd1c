/**
 * Sync benchmark: Tideway (`tideway sync`, a fresh process each time) against
 * `kubectl apply --server-side` on the same manifests, on the local control plane, in the same run.
 *
 *   node --import tsx bench/sync.bench.ts [--sizes 100,500,2000]
 *
 * For each size: first apply, no-op re-sync (also counts each tool's writes: its managedFields entries before/after),
 * and a re-sync with 10% of the objects changed. Prints wall times, the ratio kubectl/tideway
 * (higher is better for Tideway) and each process's peak RSS (GNU time). Uses TIDEWAY_BENCH_KUBECONFIG
 * if set, else starts its own control plane.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestRepo } from '../test/support/git-repo.js';
import { benchCluster } from './support/bench-cluster.js';
import { createKubernetesTarget } from '../src/target/kubernetes/index.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const sizes = (process.argv.includes('--sizes') ? process.argv[process.argv.indexOf('--sizes') + 1] : '100,500,2000').split(',').map(Number);

function manifests(n: number, version: number, changedEvery: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const v = changedEvery > 0 && i % changedEvery === 0 ? version : 0;
    const kind = i % 3;
    const name = `obj-${i}`;
    files[`manifests/${name}.yaml`] = kind === 0
      ? `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  index: "${i}"\n  version: "${v}"\n`
      : kind === 1
        ? `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  labels: { version: "${v}" }\nspec:\n  clusterIP: None\n  selector: { app: ${name} }\n  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: 8080\n`
        : `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: 1\n  selector: { matchLabels: { app: ${name} } }\n  template:\n    metadata: { labels: { app: ${name} } }\n    spec:\n      containers:\n      - name: main\n        image: nginx:1.25\n        env: [ { name: VERSION, value: "${v}" } ]\n`;
  }
  return files;
}

interface Run { seconds: number; peakKiB: number; code: number; }

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
  for (const p of [`/api/v1/namespaces/${ns}/configmaps`, `/api/v1/namespaces/${ns}/services`, `/apis/apps/v1/namespaces/${ns}/deployments`]) {
    const res = await target.client.request<{ items: Array<{ metadata: { name: string; managedFields?: Array<{ manager: string; operation: string; time?: string; fieldsV1?: unknown }> } }> }>('GET', p);
    for (const item of res.body.items ?? []) {
      const entry = item.metadata.managedFields?.find((m) => m.manager === manager && m.operation === 'Apply');
      if (entry) out.set(`${p}/${item.metadata.name}`, JSON.stringify([entry.time, entry.fieldsV1]));
    }
  }
  target.close();
  return out;
}

function writes(before: Map<string, string>, after: Map<string, string>): number {
  let n = 0;
  for (const [k, v] of after) if (before.get(k) !== v) n++;
  return n;
}

async function main() {
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' }); // measure the bundled CLI users run
  const { kubeconfig, stop } = await benchCluster();
  const env = { ...process.env, KUBECONFIG: kubeconfig, TIDEWAY_CACHE_DIR: mkdtempSync(path.join(os.tmpdir(), 'tideway-bench-cache-')) };
  const rows: string[] = [];
  try {
    for (const n of sizes) {
      const repo = createTestRepo(manifests(n, 0, 0));
      const kdir = mkdtempSync(path.join(os.tmpdir(), 'kubectl-bench-'));
      const writeKubectl = (files: Record<string, string>) => { for (const [f, c] of Object.entries(files)) { mkdirSync(path.join(kdir, path.dirname(f)), { recursive: true }); writeFileSync(path.join(kdir, f), c); } };
      writeKubectl(manifests(n, 0, 0));
      const nsT = `bench-tideway-${n}-${Date.now() % 100000}`;
      const nsK = `bench-kubectl-${n}-${Date.now() % 100000}`;
      const appFile = path.join(repo.dir, '..', `${path.basename(repo.dir)}-app.yaml`);
      writeFileSync(appFile, `apiVersion: tideway.dev/v1alpha1\nkind: Application\nmetadata: { name: bench${n} }\nspec:\n  source: { repoURL: ${repo.dir}, targetRevision: main, path: manifests }\n  destination: { namespace: ${nsT} }\n  syncPolicy: { automated: { prune: true }, syncOptions: [CreateNamespace=true] }\n`);
      execFileSync('kubectl', ['create', 'namespace', nsK], { env, stdio: 'ignore' });
      const tideway = () => timed(process.execPath, [path.join(root, 'bin/tideway.js'), 'sync', '-f', appFile, '-o', 'json'], env);
      const kubectl = () => timed('kubectl', ['apply', '--server-side', '-n', nsK, '-R', '-f', path.join(kdir, 'manifests')], env);

      const row = (phase: string, t: Run, k: Run, extra = '') =>
        rows.push(`${String(n).padStart(5)}  ${phase.padEnd(14)} tideway ${t.seconds.toFixed(2).padStart(6)} s ${String(Math.round(t.peakKiB / 1024)).padStart(4)} MiB | kubectl ${k.seconds.toFixed(2).padStart(6)} s ${String(Math.round(k.peakKiB / 1024)).padStart(4)} MiB | ratio ${(k.seconds / t.seconds).toFixed(1).padStart(5)}x${extra}`);

      const t1 = tideway(); const k1 = kubectl();
      row('first apply', t1, k1);
      await new Promise((r) => setTimeout(r, 1100)); // managedFields times have a one-second resolution
      const beforeT = await managerEntries(kubeconfig, nsT, 'tideway'); const beforeK = await managerEntries(kubeconfig, nsK, 'kubectl');
      const t2 = tideway(); const k2 = kubectl();
      const wT = writes(beforeT, await managerEntries(kubeconfig, nsT, 'tideway')); const wK = writes(beforeK, await managerEntries(kubeconfig, nsK, 'kubectl'));
      row('no-op re-sync', t2, k2, `  (writes: tideway ${wT}, kubectl ${wK})`);
      const changed = manifests(n, 1, 10);
      repo.commit(changed, '10% changed'); writeKubectl(changed);
      const t3 = tideway(); const k3 = kubectl();
      row('10% changed', t3, k3);
      if ([t1, t2, t3, k1, k2, k3].some((r) => r.code !== 0)) rows.push('  (a command failed; see stderr)');
      execFileSync('kubectl', ['delete', 'namespace', nsT, nsK, '--wait=false'], { env, stdio: 'ignore' });
      repo.remove(); rmSync(kdir, { recursive: true, force: true }); rmSync(appFile, { force: true });
      process.stdout.write(`${rows.slice(-3).join('\n')}\n`);
    }
  } finally {
    await stop();
    rmSync(env.TIDEWAY_CACHE_DIR, { recursive: true, force: true });
  }
  process.stdout.write(`\nsummary (ratio = kubectl time / tideway time; peak = max RSS of the process)\n${rows.join('\n')}\n`);
}

await main();
