/**
 * Host drift latency: how fast drift on the host is repaired.
 *   kill -> restarted: SIGKILL a replica until a new process of it runs (and until it answers HTTP):
 *     the host target's supervisor, as a kubelet restarts a container;
 *   edit -> restored / delete -> restored: a hand edit or deletion of a managed file until its content
 *     is back: the target reports it, the agent decides to heal (selfHeal) and syncs the File.
 * 20 trials each; prints p50, p95 and max. Run: node --import tsx bench/host-drift.bench.ts
 * The crash-loop backoff's stable period is shortened to 300 ms (trials are 400 ms apart) so every kill
 * measures the immediate restart of a replica that was running stably, not the backoff.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createAgent } from '../src/agent/agent.js';
import { silentLogger } from '../src/log/logger.js';
import { createHostTarget, type ServiceStatus } from '../src/target/host/index.js';
import { createTestRepo } from '../test/support/git-repo.js';
import { benchReport } from './support/results.js';
import {
  freePortPair,
  getAnswer,
  httpServerScript,
  killAll,
  processesWith,
  service,
  tempDirs,
} from '../src/target/host/host-test-support.js';

const TRIALS = 20;
const results = benchReport('Host: kill to restarted, edit to restored');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function report(name: string, values: number[]): void {
  const fmt = (n: number) => `${n.toFixed(1)} ms`;
  results.line(
    `${name.padEnd(28)} p50 ${fmt(percentile(values, 50)).padStart(9)}  p95 ${fmt(percentile(values, 95)).padStart(9)}  max ${fmt(Math.max(...values)).padStart(9)}  (n=${values.length})`,
  );
}

async function until<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error('timed out');
    await sleep(1);
  }
}

const token = `tideway-bench-${randomBytes(4).toString('hex')}`;
const dirs = await tempDirs();
const target = await createHostTarget({
  hostRoot: dirs.hostRoot,
  stateDir: dirs.stateDir,
  allowRoot: true,
  backoff: { stableMs: 300 },
});
const app = { name: 'bench' };
const ref = { group: 'host.tideway.dev', kind: 'Service', name: 'web', version: 'v1alpha1' };
try {
  const port = await freePortPair();
  const web = service('web', {
    command: process.execPath,
    args: ['-e', httpServerScript(token)],
    env: { PORT: String(port) },
    terminationGracePeriodSeconds: 2,
    readinessProbe: { tcp: { port }, periodMs: 200 },
  });
  await target.apply(app, [web], {});
  await target.waitReady([web], 10_000);

  const running = async () => ((await target.getLive([ref]))[0]?.status as ServiceStatus).replicaStatuses[0];
  const restarted: number[] = [];
  const answering: number[] = [];
  for (let i = 0; i < TRIALS; i++) {
    const before = (await running()).pid!;
    const t0 = performance.now();
    process.kill(before, 'SIGKILL');
    await until(async () => {
      const r = await running();
      return r.pid !== undefined && r.pid !== before && r.state === 'Running' ? r : undefined;
    });
    restarted.push(performance.now() - t0);
    await until(async () => (await getAnswer(port, 200)) ?? undefined);
    answering.push(performance.now() - t0);
    await sleep(400);
  }

  results.line(`host drift latency, ${TRIALS} trials each (node ${process.version})`);
  report('kill -> restarted (running)', restarted);
  report('kill -> answering HTTP', answering);
} finally {
  await target.close({ stopServices: true });
  killAll(token);
  if (processesWith(token).length > 0) console.error('warning: processes left behind');
  await dirs.cleanup();
}

// Files: through the agent, as a user runs it (a Git repository, an Application with selfHeal).
const repo = createTestRepo({
  'host/motd.yaml':
    'apiVersion: host.tideway.dev/v1alpha1\nkind: File\nmetadata: { name: motd }\nspec: { path: etc/motd, content: "welcome\\n" }\n',
});
const agentDirs = await tempDirs();
await writeFile(
  path.join(agentDirs.root, 'app.yaml'),
  `apiVersion: tideway.dev/v1alpha1\nkind: Application\nmetadata: { name: motd }\nspec:\n  source: { repoURL: ${repo.dir}, targetRevision: main, path: host, interval: 1h }\n  destination: { target: host }\n  syncPolicy: { automated: { prune: true, selfHeal: true } }\n`,
);
const agent = createAgent({
  dataDir: path.join(agentDirs.root, 'data'),
  apps: [path.join(agentDirs.root, 'app.yaml')],
  hostRoot: agentDirs.hostRoot,
  allowRoot: true,
  apiPort: 0,
  log: silentLogger,
});
try {
  await agent.start();
  const abs = path.join(agentDirs.hostRoot, 'etc/motd');
  await until(async () => ((await readFile(abs, 'utf8').catch(() => '')) === 'welcome\n' ? true : undefined), 30_000);
  const edited: number[] = [];
  const deleted: number[] = [];
  for (let i = 0; i < TRIALS; i++) {
    let t0 = performance.now();
    await writeFile(abs, `edited ${i}\n`);
    await until(async () => ((await readFile(abs, 'utf8').catch(() => '')) === 'welcome\n' ? true : undefined));
    edited.push(performance.now() - t0);
    await sleep(2500); // longer than the fight guard's contest window: each trial is a person's edit, not a fight
    t0 = performance.now();
    await rm(abs);
    await until(async () => ((await readFile(abs, 'utf8').catch(() => '')) === 'welcome\n' ? true : undefined));
    deleted.push(performance.now() - t0);
    await sleep(2500);
  }
  report('edit -> restored (agent)', edited);
  report('delete -> restored (agent)', deleted);
} finally {
  await agent.stop();
  repo.remove();
  await agentDirs.cleanup();
}
results.save();
