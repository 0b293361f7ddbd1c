/**
 * Agent benchmarks on the local control plane (starts its own unless TIDEWAY_BENCH_KUBECONFIG is set).
 *
 *   node --import tsx bench/agent.bench.ts [--only latency|scale] [--apps 1000] [--trials 20]
 *
 * latency: an app of 50 objects in a real git repository, one agent process (`tideway agent`):
 *   - commit to applied through a signed webhook: p50 and p95 over N commits;
 *   - drift to healed: a deleted Deployment and an edited ConfigMap, p50 and p95 over N trials each
 *     (2.1 s apart: drift that returns within 2 s of each heal is treated as a fight and backed off).
 * scale: N apps of 5 objects each (3 ConfigMaps, a Secret, a headless Service) in one repository:
 *   time from agent start until every app is Synced, the agent's peak RSS; then one full no-op
 *   reconcile of every app (a webhook for the repository): API writes counted from the API server's
 *   own request metrics (must be 0), and the agent's CPU seconds for that pass.
 * Flux's published figure for 1,000 Kustomizations (16-core runner): 4 min 13 s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestRepo } from '../test/support/git-repo.js';
import { benchCluster } from './support/bench-cluster.js';
import { createKubernetesTarget, type KubernetesTarget } from '../src/target/kubernetes/index.js';
import { benchReport } from './support/results.js';
import { fleetFiles } from './support/fleet.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const results = benchReport('Agent: commit to applied, drift to healed, 1,000 apps');
const arg = (name: string, fallback: string) =>
  process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : fallback;
const only = arg('only', 'all');
const trials = Number(arg('trials', '20'));
const appCount = Number(arg('apps', '1000'));
const SECRET = 'bench-secret';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (xs: number[]) =>
  `p50 ${pct(xs, 50).toFixed(0)} ms, p95 ${pct(xs, 95).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}, n=${xs.length})`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(check: () => Promise<T | undefined | false>, timeoutMs: number, intervalMs = 2): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as T;
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(intervalMs);
  }
}

function startAgent(kubeconfig: string, appsDir: string, dataDir: string, extraEnv: Record<string, string> = {}): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'bin/tideway.js'),
      'agent',
      '--apps',
      appsDir,
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--log-level',
      process.env.BENCH_AGENT_LOG ?? 'warn',
      '--concurrency',
      process.env.BENCH_AGENT_CONCURRENCY ?? '16',
    ],
    {
      env: { ...process.env, KUBECONFIG: kubeconfig, TIDEWAY_WEBHOOK_SECRET: SECRET, ...extraEnv },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return child;
}

async function agentApi(dataDir: string) {
  const info = await until(
    async () => {
      try {
        return JSON.parse(readFileSync(path.join(dataDir, 'agent.json'), 'utf8')) as { url: string };
      } catch {
        return undefined;
      }
    },
    30_000,
    50,
  );
  const token = readFileSync(path.join(dataDir, 'api-token'), 'utf8').trim();
  return {
    url: info.url,
    async apps(): Promise<Array<{ name: string; status?: { syncStatus: string } }>> {
      const res = await fetch(`${info.url}/api/v1/apps`, { headers: { authorization: `Bearer ${token}` } });
      return ((await res.json()) as { apps: Array<{ name: string; status?: { syncStatus: string } }> }).apps;
    },
    async webhook(repoURL: string) {
      const body = JSON.stringify({ repoURL, branch: 'main' });
      const sig = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
      const res = await fetch(`${info.url}/webhooks/generic`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-tideway-signature': sig },
        body,
      });
      if (res.status !== 202) throw new Error(`webhook answered ${res.status}`);
    },
  };
}

function procStats(pid: number): { rssPeakKiB: number; cpuSeconds: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]); // utime + stime
  return { rssPeakKiB: hwm, cpuSeconds: ticks / 100 };
}

async function apiWrites(kube: KubernetesTarget, resources: string[]): Promise<number> {
  const res = await kube.client.request<string>('GET', '/metrics');
  let n = 0;
  for (const line of String(res.body).split('\n')) {
    if (!line.startsWith('apiserver_request_total{')) continue;
    if (!/verb="(POST|PUT|PATCH|DELETE)"/.test(line) || !/dry_run=""/.test(line)) continue;
    const resource = /resource="([^"]*)"/.exec(line)?.[1] ?? '';
    if (resources.includes(resource)) n += Number(line.split(' ').pop());
  }
  return n;
}

async function latency(kubeconfig: string, kube: KubernetesTarget) {
  const ns = `bench-latency-${Date.now() % 100000}`;
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++)
    files[`manifests/cm-${i}.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cm-${i} }\ndata: { v: "0" }\n`;
  for (let i = 0; i < 10; i++)
    files[`manifests/deploy-${i}.yaml`] =
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web-${i} }\nspec:\n  replicas: 1\n  selector: { matchLabels: { app: web-${i} } }\n  template:\n    metadata: { labels: { app: web-${i} } }\n    spec: { containers: [ { name: main, image: nginx:1.25 } ] }\n`;
  const repo = createTestRepo(files);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-bench-agent-'));
  mkdirSync(path.join(dir, 'apps'));
  writeFileSync(
    path.join(dir, 'apps', 'app.yaml'),
    `apiVersion: tideway.dev/v1alpha1\nkind: Application\nmetadata: { name: latency }\nspec:\n  source: { repoURL: ${repo.dir}, targetRevision: main, path: manifests, interval: 1h }\n  destination: { namespace: ${ns} }\n  syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: [CreateNamespace=true] }\n`,
  );
  const agent = startAgent(kubeconfig, path.join(dir, 'apps'), path.join(dir, 'data'));
  try {
    const api = await agentApi(path.join(dir, 'data'));
    const cm = async (name: string) =>
      (await kube.client.request<{ data?: Record<string, string> }>('GET', `/api/v1/namespaces/${ns}/configmaps/${name}`)).body.data?.v;
    await until(async () => (await api.apps())[0]?.status?.syncStatus === 'Synced' && (await cm('cm-39')) === '0', 60_000, 50);
    const commit: number[] = [];
    for (let t = 1; t <= trials; t++) {
      repo.commit(
        { 'manifests/cm-7.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cm-7 }\ndata: { v: "${t}" }\n` },
        `commit ${t}`,
      );
      const started = performance.now();
      await api.webhook(repo.dir);
      await until(async () => (await cm('cm-7')) === String(t), 30_000);
      commit.push(performance.now() - started);
      await sleep(100);
    }
    results.line(`commit to applied via webhook (app of 50 objects): ${fmt(commit)}`);
    const deleted: number[] = [];
    const edited: number[] = [];
    for (let t = 0; t < trials; t++) {
      const before = (await kube.client.request<{ metadata: { uid: string } }>('GET', `/apis/apps/v1/namespaces/${ns}/deployments/web-3`))
        .body.metadata.uid;
      let started = performance.now();
      await kube.client.request('DELETE', `/apis/apps/v1/namespaces/${ns}/deployments/web-3`);
      await until(async () => {
        const r = await kube.client.request<{ metadata: { uid: string } }>('GET', `/apis/apps/v1/namespaces/${ns}/deployments/web-3`);
        return r.status === 200 && r.body.metadata.uid !== before;
      }, 30_000);
      deleted.push(performance.now() - started);
      await sleep(2100); // drift undone within 2 s of a heal, repeatedly, is a fight the agent backs off from
      const value = await cm('cm-3');
      started = performance.now();
      await kube.client.request('PATCH', `/api/v1/namespaces/${ns}/configmaps/cm-3`, {
        body: { data: { v: 'hand-edit' } },
        contentType: 'application/merge-patch+json',
      });
      await until(async () => (await cm('cm-3')) === value, 30_000);
      edited.push(performance.now() - started);
      await sleep(2100);
    }
    results.line(`drift to healed, deleted Deployment: ${fmt(deleted)}`);
    results.line(`drift to healed, edited ConfigMap:   ${fmt(edited)}`);
  } finally {
    agent.kill('SIGTERM');
    await new Promise((r) => agent.once('exit', r));
    await kube.client.request('DELETE', `/api/v1/namespaces/${ns}`);
    repo.remove();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function scale(kubeconfig: string, kube: KubernetesTarget) {
  const appDocs: string[] = [];
  const nsCount = Math.max(1, Math.ceil(appCount / 10));
  const repo = createTestRepo(fleetFiles(appCount));
  const ns = (a: number) => `bench-scale-${a % nsCount}`;
  for (let a = 0; a < appCount; a++) {
    appDocs.push(
      `apiVersion: tideway.dev/v1alpha1\nkind: Application\nmetadata: { name: app-${a} }\nspec:\n  source: { repoURL: ${repo.dir}, targetRevision: main, path: apps/app-${a}, interval: 1h }\n  destination: { namespace: ${ns(a)} }\n  syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: [CreateNamespace=true] }\n`,
    );
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-bench-scale-'));
  mkdirSync(path.join(dir, 'apps'));
  writeFileSync(path.join(dir, 'apps', 'apps.yaml'), appDocs.join('---\n'));
  const resources = ['configmaps', 'secrets', 'services'];
  const started = performance.now();
  const agent = startAgent(kubeconfig, path.join(dir, 'apps'), path.join(dir, 'data'));
  try {
    const api = await agentApi(path.join(dir, 'data'));
    let synced = 0;
    await until(
      async () => {
        const apps = await api.apps();
        synced = apps.filter((a) => a.status?.syncStatus === 'Synced').length;
        return apps.length === appCount && synced === appCount;
      },
      15 * 60_000,
      250,
    );
    const seconds = (performance.now() - started) / 1000;
    const afterStart = procStats(agent.pid!);
    results.line(
      `scale: ${appCount} apps x 5 objects, agent start to all Synced: ${seconds.toFixed(1)} s, agent peak RSS ${(afterStart.rssPeakKiB / 1024).toFixed(0)} MiB, CPU ${afterStart.cpuSeconds.toFixed(1)} s`,
    );
    await sleep(2000); // let watch events of the initial apply settle
    const writesBefore = await apiWrites(kube, resources);
    const cpuBefore = procStats(agent.pid!).cpuSeconds;
    const t0 = performance.now();
    await api.webhook(repo.dir); // every app matches: one full reconcile pass
    await sleep(300);
    // The pass is over when the agent's CPU stops moving (no queue left).
    let last = procStats(agent.pid!).cpuSeconds;
    for (;;) {
      await sleep(500);
      const now = procStats(agent.pid!).cpuSeconds;
      if (now - last < 0.02) break;
      last = now;
    }
    const passSeconds = (performance.now() - t0) / 1000 - 0.5;
    const writes = (await apiWrites(kube, resources)) - writesBefore;
    const apps = await api.apps();
    const cpu = procStats(agent.pid!).cpuSeconds - cpuBefore;
    results.line(
      `scale: full no-op reconcile of ${appCount} apps: ${writes} API writes, agent CPU ${cpu.toFixed(2)} s, wall ~${passSeconds.toFixed(1)} s, still Synced: ${apps.filter((a) => a.status?.syncStatus === 'Synced').length}/${appCount}`,
    );
  } finally {
    agent.kill('SIGTERM');
    await new Promise((r) => agent.once('exit', r));
    for (let i = 0; i < nsCount; i++) await kube.client.request('DELETE', `/api/v1/namespaces/bench-scale-${i}`);
    repo.remove();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const { kubeconfig, stop } = await benchCluster();
  const kube = createKubernetesTarget({ kubeconfig });
  try {
    if (only === 'all' || only === 'latency') await latency(kubeconfig, kube);
    if (only === 'all' || only === 'scale') await scale(kubeconfig, kube);
  } finally {
    kube.close();
    await stop();
  }
}

await main();
results.save();
