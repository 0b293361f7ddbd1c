import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createHostTarget, RunningAsRootError, assertNotRoot, type HostTarget, type ServiceStatus } from './index.js';
import {
  alive,
  freePortPair,
  getAnswer,
  httpServerScript,
  killAll,
  processesWith,
  service,
  tempDirs,
  waitFor,
  type TempDirs,
} from './host-test-support.js';

const demo = { name: 'demo' };
const svcRef = { group: 'host.tideway.dev', kind: 'Service', name: 'web', version: 'v1alpha1' };

describe('host target: adoption after an agent restart', () => {
  const token = `tideway-adopt-${randomBytes(4).toString('hex')}`;
  const seenPids = new Set<number>();
  const cleanups: (() => Promise<void>)[] = [];

  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    const leftovers = processesWith(token);
    killAll(token);
    assert.deepEqual(leftovers, [], 'no process left behind');
    for (const pid of seenPids) assert.equal(alive(pid), false, `pid ${pid} is gone`);
  });

  async function setup(): Promise<{ dirs: TempDirs; base: number; open: (adoption?: 'adopt' | 'restart') => Promise<HostTarget> }> {
    const dirs = await tempDirs();
    const base = await freePortPair();
    const opened: HostTarget[] = [];
    cleanups.push(async () => {
      for (const t of opened) await t.close({ stopServices: true });
      await dirs.cleanup();
    });
    const open = async (adoption: 'adopt' | 'restart' = 'adopt') => {
      const t = await createHostTarget({ hostRoot: dirs.hostRoot, stateDir: dirs.stateDir, allowRoot: true, adoption, adoptedPollMs: 100 });
      opened.push(t);
      return t;
    };
    return { dirs, base, open };
  }

  const web = (base: number) =>
    service('web', {
      command: process.execPath,
      args: ['-e', httpServerScript(token)],
      env: { PORT: `{{replica + ${base}}}`, VERSION: 'v1' },
      replicas: 2,
      terminationGracePeriodSeconds: 2,
      readinessProbe: { tcp: { port: `{{replica + ${base}}}` }, periodMs: 200 },
    });

  async function statusOf(target: HostTarget): Promise<ServiceStatus> {
    const [live] = await target.getLive([svcRef]);
    const s = live!.status as ServiceStatus;
    for (const pid of s.pids) seenPids.add(pid);
    return s;
  }

  test('a new target adopts the replicas still running: same pids, no duplicates, still supervised', async () => {
    const { dirs, base, open } = await setup();
    const first = await open();
    await first.apply(demo, [web(base)], {});
    await first.waitReady([web(base)], 10_000);
    const pids = (await statusOf(first)).pids;
    await first.close(); // the agent stops; its services keep running
    for (const pid of pids) assert.equal(alive(pid), true, 'services survive the agent');
    const recorded = JSON.parse(await readFile(path.join(dirs.stateDir, 'services.json'), 'utf8'));
    assert.deepEqual(recorded.services.web.replicas.map((r: { pid: number }) => r.pid).sort(), [...pids].sort());

    const second = await open();
    const adopted = await statusOf(second);
    assert.deepEqual([...adopted.pids].sort(), [...pids].sort());
    assert.ok(adopted.replicaStatuses.every((r) => r.adopted));
    await second.waitReady([web(base)], 5000);
    assert.deepEqual(
      (await second.apply(demo, [web(base)], {})).map((e) => e.action),
      ['unchanged'],
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual([...(await statusOf(second)).pids].sort(), [...pids].sort(), 'no restart');
    assert.equal(processesWith(token).length, 2, 'no duplicate replicas');

    // An adopted replica that dies is noticed by polling and replaced.
    const t0 = Date.now();
    process.kill(pids[0], 'SIGKILL');
    await waitFor(
      'the dead adopted replica replaced',
      async () => {
        const s = await statusOf(second);
        return s.pids.length === 2 && !s.pids.includes(pids[0]) && s.replicaStatuses.every((r) => r.state === 'Running');
      },
      1000,
      5,
    );
    assert.ok(Date.now() - t0 < 1000, `replaced in ${Date.now() - t0} ms`);
    await waitFor('both answer', async () => (await getAnswer(base)) && (await getAnswer(base + 1)), 5000);
    assert.equal(processesWith(token).length, 2);

    // Stopping through the new target reaches the adopted process too.
    const all = (await statusOf(second)).pids;
    await second.close({ stopServices: true });
    for (const pid of all) assert.equal(alive(pid), false, `pid ${pid} stopped`);
    assert.deepEqual(processesWith(token), []);
  });

  test('with adoption "restart", a new target stops the old replicas cleanly and starts fresh ones', async () => {
    const { base, open } = await setup();
    const first = await open();
    await first.apply(demo, [web(base)], {});
    await first.waitReady([web(base)], 10_000);
    const oldPids = (await statusOf(first)).pids;
    await first.close();

    const second = await open('restart');
    for (const pid of oldPids) assert.equal(alive(pid), false, `old pid ${pid} stopped before the new start`);
    await second.waitReady([web(base)], 10_000);
    const fresh = (await statusOf(second)).pids;
    assert.equal(fresh.length, 2);
    assert.ok(fresh.every((p) => !oldPids.includes(p)));
    assert.equal(processesWith(token).length, 2);
    const entries = await second.prune(demo, [svcRef], {});
    assert.deepEqual(
      entries.map((e) => e.action),
      ['pruned'],
    );
    for (const pid of fresh) assert.equal(alive(pid), false);
  });

  test('a new target prunes adopted replicas by pid, and a dead recorded pid is not adopted', async () => {
    const { base, open } = await setup();
    const first = await open();
    await first.apply(demo, [web(base)], {});
    await first.waitReady([web(base)], 10_000);
    const pids = (await statusOf(first)).pids;
    await first.close();
    process.kill(pids[1], 'SIGKILL');
    await waitFor('replica 1 dead', () => !alive(pids[1]), 2000);

    const second = await open();
    const s = await statusOf(second);
    assert.equal(s.replicaStatuses.find((r) => r.index === 0)?.pid, pids[0], 'the live one is adopted');
    await second.waitReady([web(base)], 10_000);
    assert.equal(processesWith(token).length, 2, 'the dead one is replaced, not duplicated');
    const all = (await statusOf(second)).pids;
    assert.deepEqual(
      (await second.prune(demo, [svcRef], {})).map((e) => e.action),
      ['pruned'],
    );
    for (const pid of all) assert.equal(alive(pid), false);
  });

  test('only one target at a time may use a state directory', async () => {
    const { dirs, open } = await setup();
    const first = await open();
    await assert.rejects(
      createHostTarget({ hostRoot: dirs.hostRoot, stateDir: dirs.stateDir, allowRoot: true }),
      /state directory .* is in use by another host target/,
    );
    await first.close();
    const second = await open();
    await second.close();
  });

  test('the host target refuses to run as root unless allowed', async () => {
    assert.throws(() => assertNotRoot({ uid: 0 }), RunningAsRootError);
    assert.doesNotThrow(() => assertNotRoot({ uid: 0, allowRoot: true }));
    assert.doesNotThrow(() => assertNotRoot({ uid: 1000 }));
    if (process.getuid?.() === 0) {
      const dirs = await tempDirs();
      await assert.rejects(createHostTarget({ hostRoot: dirs.hostRoot, stateDir: dirs.stateDir }), /--allow-root/);
      await dirs.cleanup();
    }
  });
});
