import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createHostTarget, hostServiceHealth, type DriftEvent, type HostTarget, type ServiceStatus } from './index.js';
import {
  alive,
  file,
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
const svcRef = (name: string) => ({ group: 'host.tideway.dev', kind: 'Service', name, version: 'v1alpha1' });
const fileRef = (name: string) => ({ group: 'host.tideway.dev', kind: 'File', name, version: 'v1alpha1' });

describe('host target: services', () => {
  const token = `tideway-svc-${randomBytes(4).toString('hex')}`;
  const seenPids = new Set<number>();
  let dirs: TempDirs;
  let target: HostTarget;
  let base: number;
  const events: DriftEvent[] = [];

  async function status(name: string): Promise<ServiceStatus | undefined> {
    const [live] = await target.getLive([svcRef(name)]);
    const s = live?.status as ServiceStatus | undefined;
    for (const pid of s?.pids ?? []) seenPids.add(pid);
    return s;
  }

  function web(version: string, extra: Record<string, unknown> = {}) {
    return service('web', {
      command: process.execPath,
      args: ['-e', httpServerScript(token)],
      env: { PORT: `{{replica + ${base}}}`, VERSION: version },
      replicas: 2,
      terminationGracePeriodSeconds: 2,
      readinessProbe: { http: { port: `{{replica + ${base}}}`, path: '/' }, periodMs: 200 },
      ...extra,
    });
  }

  before(async () => {
    dirs = await tempDirs();
    base = await freePortPair();
    target = await createHostTarget({ hostRoot: dirs.hostRoot, stateDir: dirs.stateDir, allowRoot: true });
    target.onDrift((e) => events.push(e));
  });

  after(async () => {
    await target?.close({ stopServices: true });
    const leftovers = processesWith(token);
    killAll(token);
    await dirs?.cleanup();
    assert.deepEqual(leftovers, [], 'no process left behind');
    for (const pid of seenPids) assert.equal(alive(pid), false, `pid ${pid} is gone`);
  });

  test('a 2-replica HTTP service starts, becomes ready and answers on each replica port', async () => {
    const entries = await target.apply(demo, [web('v1')], {});
    assert.deepEqual(
      entries.map((e) => e.action),
      ['created'],
    );
    assert.equal(entries[0].health?.status, 'Progressing', 'a just-created service is not ready yet');
    await target.waitReady([web('v1')], 10_000);
    await waitFor(
      'health change reported',
      () => events.some((e) => e.reason === 'HealthChanged' && e.ref.name === 'web' && e.health === 'Healthy'),
      2000,
    );
    const s = (await status('web'))!;
    assert.equal(s.readyReplicas, 2);
    assert.equal(s.pids.length, 2);
    assert.equal(
      hostServiceHealth({ apiVersion: 'host.tideway.dev/v1alpha1', kind: 'Service', metadata: { name: 'web' }, status: s }).status,
      'Healthy',
    );
    const answers = await Promise.all([getAnswer(base), getAnswer(base + 1)]);
    assert.deepEqual(
      answers.map((a) => [a?.replica, a?.version]),
      [
        ['0', 'v1'],
        ['1', 'v1'],
      ],
    );
    assert.deepEqual(answers.map((a) => a?.pid).sort(), [...s.pids].sort());
    assert.equal(processesWith(token).length, 2);
    assert.ok((await stat(path.join(dirs.stateDir, 'logs', 'web-0.log'))).isFile());
    assert.deepEqual(
      (await target.apply(demo, [web('v1')], {})).map((e) => [e.action, e.health?.status]),
      [['unchanged', 'Healthy']],
    );
    assert.deepEqual((await status('web'))!.pids, s.pids, 'unchanged: no restart');
  });

  test('a changed spec rolls the replicas one at a time while the service keeps answering', async () => {
    const oldPids = (await status('web'))!.pids;
    assert.deepEqual(
      (await target.apply(demo, [web('v2')], {})).map((e) => e.action),
      ['configured'],
    );
    let sawHalfway = false;
    let outage = 0;
    await waitFor(
      'rolled to v2',
      async () => {
        const [a, b] = await Promise.all([getAnswer(base, 300), getAnswer(base + 1, 300)]);
        if (!a && !b) outage += 1;
        const pids = (await status('web'))!.pids;
        const kept = pids.filter((p) => oldPids.includes(p)).length;
        if (kept === 1 && pids.length === 2) sawHalfway = true;
        return (
          a?.version === 'v2' &&
          b?.version === 'v2' &&
          (await status('web'))!.readyReplicas === 2 &&
          pids.every((p) => !oldPids.includes(p))
        );
      },
      20_000,
      20,
    );
    assert.equal(outage, 0, 'at least one replica answered at every moment');
    assert.ok(sawHalfway, 'one replica was replaced while the other still ran the old spec');
    for (const pid of oldPids) assert.equal(alive(pid), false);
    assert.equal(processesWith(token).length, 2, 'no duplicate replicas');
  });

  test('a killed replica is restarted within a second and the death is reported', async () => {
    const before = (await status('web'))!.replicaStatuses.find((r) => r.index === 1)!;
    const t0 = Date.now();
    process.kill(before.pid!, 'SIGKILL');
    const restarted = await waitFor(
      'replica 1 restarted',
      async () => {
        const r = (await status('web'))!.replicaStatuses.find((x) => x.index === 1);
        return r && r.pid !== undefined && r.pid !== before.pid && r.state === 'Running' ? r : undefined;
      },
      1000,
      5,
    );
    assert.ok(Date.now() - t0 < 1000, `restarted in ${Date.now() - t0} ms`);
    assert.equal(restarted.restarts, before.restarts + 1);
    const event = events.find((e) => e.reason === 'ProcessExited' && e.pid === before.pid);
    assert.ok(event, 'drift event for the dead process');
    assert.equal(event.signal, 'SIGKILL');
    await waitFor('answering again', () => getAnswer(base + 1), 5000);
  });

  test('a File change restarts the Services that name it in restartOn', async () => {
    const conf = (text: string) => file('web-conf', { path: 'web.conf', content: text });
    await target.apply(demo, [conf('a'), web('v2', { restartOn: ['web-conf'] })], {});
    await waitFor(
      'ready after adding restartOn',
      async () => (await status('web'))!.readyReplicas === 2 && (await status('web'))!.updatedReplicas === 2,
      20_000,
    );
    const pids = (await status('web'))!.pids;
    assert.deepEqual(
      (await target.apply(demo, [conf('a')], {})).map((e) => [e.action, e.health?.status]),
      [['unchanged', 'Healthy']],
    );
    const entries = await target.apply(demo, [conf('b')], {});
    assert.deepEqual(
      entries.map((e) => e.action),
      ['configured'],
    );
    await waitFor(
      'rolled after the file changed',
      async () => {
        const s = (await status('web'))!;
        return s.readyReplicas === 2 && s.updatedReplicas === 2 && s.pids.every((p) => !pids.includes(p));
      },
      20_000,
    );
    const both = await target.apply(demo, [conf('c'), web('v2', { restartOn: ['web-conf'] })], { dryRun: true });
    assert.deepEqual(
      both.map((e) => [e.action, e.message]),
      [
        ['configured', undefined],
        ['configured', 'rolling restart: a restartOn File changed'],
      ],
    );
    assert.deepEqual(
      (await target.apply(demo, [conf('b'), web('v2', { restartOn: ['web-conf'] })], {})).map((e) => e.action),
      ['unchanged', 'unchanged'],
    );
  });

  test('a crash-looping service is Degraded with the exit code and a growing backoff', async () => {
    const crash = service('crash', { command: process.execPath, args: ['-e', `/*${token}*/ process.exit(3)`] });
    await target.apply(demo, [crash], {});
    const backoffs = new Set<number>();
    let message = '';
    await waitFor(
      'backoff reaches 2 s',
      async () => {
        const [live] = await target.getLive([svcRef('crash')]);
        const health = hostServiceHealth(live);
        const r = (live?.status as ServiceStatus).replicaStatuses[0];
        if (r?.backoffMs) backoffs.add(r.backoffMs);
        if (health.status === 'Degraded') message = health.message ?? '';
        return backoffs.has(2000);
      },
      8000,
      20,
    );
    assert.deepEqual([...backoffs], [1000, 2000]);
    assert.match(message, /replica 0 is crash-looping: exited with code 3 \(\d+ failures in a row/);
    const s = (await status('crash'))!;
    assert.equal(s.phase, 'Degraded');
    assert.ok(s.conditions.some((c) => c.type === 'CrashLooping' && c.status === 'True'));
    await target.prune(demo, [svcRef('crash')], {});
  });

  test('stopping reaches the whole process group, with SIGKILL after the grace period', async () => {
    const script = `/*${token}*/ process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);
require('child_process').spawn(process.execPath, ['-e', '/*' + '${token}' + '-child*/ setInterval(() => {}, 1000)'], { stdio: 'ignore' });`;
    // The child's marker is assembled at run time, so it is not in the leader's own command line: seeing
    // the child means the leader already ignores SIGTERM.
    const stubborn = service('stubborn', { command: process.execPath, args: ['-e', script], terminationGracePeriodSeconds: 1 });
    await target.apply(demo, [stubborn], {});
    await waitFor(
      'leader and child running',
      async () => processesWith(token + '-child').length === 1 && (await status('stubborn'))!.pids.length === 1,
      5000,
    );
    // A leader that dies alone does not leave its child behind.
    const firstLeader = (await status('stubborn'))!.pids[0];
    const firstChild = processesWith(token + '-child')[0];
    process.kill(firstLeader, 'SIGKILL');
    await waitFor('old child killed with its leader', () => !alive(firstChild), 2000);
    await waitFor(
      'restarted with a new child',
      async () => processesWith(token + '-child').length === 1 && (await status('stubborn'))!.pids[0] !== firstLeader,
      5000,
    );
    const t0 = Date.now();
    const [entry] = await target.prune(demo, [svcRef('stubborn')], {});
    const took = Date.now() - t0;
    assert.equal(entry.action, 'pruned');
    assert.ok(took >= 900 && took < 4000, `SIGTERM ignored, SIGKILL after the 1 s grace period (took ${took} ms)`);
    assert.deepEqual(processesWith(token + '-child'), []);
  });

  test('prune stops the service and removes its file; nothing is left running', async () => {
    const pids = (await status('web'))!.pids;
    const entries = await target.prune(demo, [svcRef('web'), fileRef('web-conf')], {});
    assert.deepEqual(
      entries.map((e) => e.action),
      ['pruned', 'pruned'],
    );
    for (const pid of pids) assert.equal(alive(pid), false, `pid ${pid} stopped`);
    assert.deepEqual(processesWith(token), []);
    await assert.rejects(readFile(path.join(dirs.hostRoot, 'web.conf')));
    assert.deepEqual(await target.getLive([svcRef('web')]), [undefined]);
    assert.equal(hostServiceHealth(undefined).status, 'Missing');
  });
});
