/**
 * Host drift latency: how fast the host target repairs drift.
 *   kill -> restarted: SIGKILL a replica until a new process of it runs (and until it answers HTTP);
 *   edit -> restored / delete -> restored: a hand edit or deletion of a managed file until its content is back.
 * 20 trials each; prints p50, p95 and max. Run: node --import tsx bench/host-drift.bench.ts
 * The crash-loop backoff's stable period is shortened to 300 ms (trials are 400 ms apart) so every kill
 * measures the immediate restart of a replica that was running stably, not the backoff.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createHostTarget, type ServiceStatus } from '../src/target/host/index.js';
import {
  file,
  freePortPair,
  getAnswer,
  httpServerScript,
  killAll,
  processesWith,
  service,
  tempDirs,
} from '../src/target/host/host-test-support.js';

const TRIALS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function report(name: string, values: number[]): void {
  const fmt = (n: number) => `${n.toFixed(1)} ms`;
  console.log(
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
  selfHeal: true,
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
  const motd = file('motd', { path: 'etc/motd', content: 'welcome\n' });
  await target.apply(app, [web, motd], {});
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

  const abs = path.join(dirs.hostRoot, 'etc/motd');
  const edited: number[] = [];
  const deleted: number[] = [];
  for (let i = 0; i < TRIALS; i++) {
    let t0 = performance.now();
    await writeFile(abs, `edited ${i}\n`);
    await until(async () => ((await readFile(abs, 'utf8').catch(() => '')) === 'welcome\n' ? true : undefined));
    edited.push(performance.now() - t0);
    await sleep(50);
    t0 = performance.now();
    await rm(abs);
    await until(async () => ((await readFile(abs, 'utf8').catch(() => '')) === 'welcome\n' ? true : undefined));
    deleted.push(performance.now() - t0);
    await sleep(50);
  }

  console.log(`host drift latency, ${TRIALS} trials each (node ${process.version})`);
  report('kill -> restarted (running)', restarted);
  report('kill -> answering HTTP', answering);
  report('edit -> restored', edited);
  report('delete -> restored', deleted);
} finally {
  await target.close({ stopServices: true });
  killAll(token);
  if (processesWith(token).length > 0) console.error('warning: processes left behind');
  await dirs.cleanup();
}
