import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TidewayError } from '../../core/errors.js';
import { bufferIO, serveFakeAgent, type ServedAgent } from '../testdata/served-agent.js';
import { shaB } from '../../agent/http/testdata/fake-control.js';
import { status } from './status.js';
import { history } from './history.js';
import { rollback } from './rollback.js';
import { resume } from './resume.js';
import { audit } from './audit.js';
import { sync } from './sync.js';

type Run = (argv: string[], io: ReturnType<typeof bufferIO>) => Promise<number>;

describe('CLI commands that ask the running agent (real socket, fake control)', () => {
  let agent: ServedAgent;
  before(async () => {
    agent = await serveFakeAgent();
  });
  after(async () => {
    await agent.close();
  });

  async function run(command: Run, ...argv: string[]) {
    const io = bufferIO();
    const code = await command([...argv, '--data-dir', agent.dataDir], io);
    return { code, out: io.stdout, err: io.stderr };
  }
  const lines = (text: string) => text.trimEnd().split('\n');

  test('status prints one row per app: NAME, SYNC, HEALTH, REVISION, LAST SYNC', async () => {
    const { code, out } = await run(status);
    assert.equal(code, 0);
    assert.deepEqual(lines(out), [
      'NAME   SYNC        HEALTH     REVISION                          LAST SYNC',
      'web    Synced      Healthy    c3d4e5f Scale web to 3 replicas   Succeeded 4m ago',
      'edge   OutOfSync   Degraded   -                                 -',
    ]);
  });

  test('status lists the Application files the agent could not load, each with its error, after the apps', async () => {
    agent.control.invalid = [{ file: 'apps/typo.yaml', error: 'apps/typo.yaml: spec.source.repoURL: is required' }];
    try {
      const { code, out } = await run(status);
      assert.equal(code, 0);
      assert.deepEqual(lines(out).slice(-3), [
        '',
        'Application files not loaded (1); their apps, if any, run as last loaded:',
        '  apps/typo.yaml: spec.source.repoURL: is required',
      ]);
      assert.deepEqual(JSON.parse((await run(status, '-o', 'json')).out).invalid, agent.control.invalid);
    } finally {
      agent.control.invalid = [];
    }
  });

  test('status APP shows the app in full, with its conditions and paused flag', async () => {
    const web = await run(status, 'web');
    assert.match(web.out, /^Paused: +no$/m);
    assert.match(web.out, /^Revision: +c3d4e5f Scale web to 3 replicas \(Ada, 30m ago\)$/m);
    assert.match(web.out, /^Last sync: +#3 Succeeded, webhook, 4m ago$/m);
    assert.match(web.out, /^Conditions: +none$/m);
    const edge = await run(status, 'edge');
    assert.match(edge.out, /^Health: +Degraded: service nginx exited 1$/m);
    assert.match(edge.out, /^ {2}SyncError +File\/etc\/nginx\.conf: permission denied \(since 20m ago\)$/m);
  });

  test("status -o json prints the API's JSON", async () => {
    const list = JSON.parse((await run(status, '-o', 'json')).out);
    assert.deepEqual(list.invalid, []);
    assert.deepEqual(
      list.apps.map((a: any) => a.name),
      ['web', 'edge'],
    );
    const one = JSON.parse((await run(status, 'web', '-o', 'json')).out);
    assert.equal(one.status.syncStatus, 'Synced');
  });

  test('status of an unknown app, and an unknown output format, are one-line errors', async () => {
    await assert.rejects(run(status, 'nope'), (e: TidewayError) => e.code === 'AgentRequestFailed' && e.message === 'app "nope" not found');
    await assert.rejects(run(status, '-o', 'yaml'), /^UsageError: -o: unknown output format "yaml" \(use -o json\)$/);
  });

  test('history lists syncs newest first with the number of objects changed; --limit cuts it', async () => {
    const { out } = await run(history, 'web');
    assert.deepEqual(lines(out), [
      'ID   STARTED   TRIGGER   WHO     REVISION                          RESULT      CHANGED',
      '3    5m ago    webhook   Ada     c3d4e5f Scale web to 3 replicas   Succeeded   1',
      '2    30m ago   poll      Ada     b2c3d4e Bump image                Failed      0',
      '1    1h ago    startup   agent   a1b2c3d First deploy              Succeeded   1',
    ]);
    assert.equal(lines((await run(history, 'web', '--limit', '1')).out).length, 2);
  });

  test('history --id shows what the sync did to each object, and refuses a sync of another app', async () => {
    const { out } = await run(history, 'web', '--id', '2');
    assert.deepEqual(lines(out).slice(0, 2), ['Sync 2 of web: Failed', 'Revision:  b2c3d4e Bump image']);
    assert.deepEqual(lines(out).slice(-3), ['failed      Deployment/web/web', '            image pull', 'unchanged   Service/web/web']);
    await assert.rejects(run(history, 'edge', '--id', '2'), /sync 2 belongs to app "web", not "edge"/);
    await assert.rejects(run(history, 'web', '--limit', '0'), /--limit: must be an integer from 1 to 1000/);
  });

  test('history without an app is a usage error', async () => {
    await assert.rejects(run(history), (e: TidewayError) => e.code === 'Usage' && e.message === 'missing APP');
  });

  test('audit prints events oldest first, filtered by --app', async () => {
    const all = lines((await run(audit)).out);
    assert.equal(all[0], 'ID   TIME                   ACTOR            ACTION             APP    DETAIL');
    assert.equal(all[3], '3    2024-05-01 11:56:00Z   agent            sync.finished      edge   result=Failed');
    const web = lines((await run(audit, '--app', 'web', '--limit', '5')).out);
    assert.equal(web.length, 2);
    assert.match(web[1], /^2 +2024-05-01 11:55:00Z +webhook:github +webhook\.accepted +web +after=c3d4e5f/);
  });

  test('rollback --steps pauses the app, status shows it, resume unpauses it', async () => {
    const rolled = await run(rollback, 'web', '--steps', '1');
    assert.equal(rolled.code, 0);
    assert.equal(rolled.out, `rolling back web to ${shaB.slice(0, 12)}; automated sync is paused until: tideway resume web\n`);
    assert.match((await run(status)).out, /^web +Synced \(paused\) +Healthy/m);
    assert.match((await run(status, 'web')).out, /^Paused: +yes \(resume with: tideway resume web\)$/m);
    const resumed = await run(resume, 'web');
    assert.equal(resumed.out, 'automated sync of web resumed\n');
    assert.equal((await agent.control.getApp('web'))?.status?.paused, false);
    await assert.rejects(run(resume, 'web'), (e: TidewayError) => e.code === 'AgentRequestFailed' && e.message === 'web is not paused');
  });

  test("rollback needs exactly one of --to and --steps; the agent's refusal of a revision is shown", async () => {
    await assert.rejects(run(rollback, 'web'), /give exactly one of --to REVISION or --steps N/);
    await assert.rejects(run(rollback, 'web', '--to', 'abc', '--steps', '1'), /give exactly one of --to REVISION or --steps N/);
    await assert.rejects(
      run(rollback, 'web', '--to', 'ffff'),
      (e: TidewayError) => e.message === 'revision ffff is not in the history of web',
    );
    const json = JSON.parse((await run(rollback, 'web', '--to', 'a1b2', '-o', 'json')).out);
    assert.match(json.revision, /^a1b2/);
    await run(resume, 'web');
  });

  test('tideway sync APP (no -f) goes to the agent; flags of a local sync are refused with it, and the reverse', async () => {
    await assert.rejects(
      run(sync, 'web', '--dry-run'),
      (e: TidewayError) => e.code === 'Usage' && /^--dry-run: only with -f FILE/.test(e.message),
    );
    await assert.rejects(
      run(sync, '-f', 'app.yaml'),
      (e: TidewayError) => e.code === 'Usage' && /^--data-dir: only with APP/.test(e.message),
    );
    await assert.rejects(
      run(sync, 'web', 'edge'),
      (e: TidewayError) => e.code === 'Usage' && /^unexpected argument "edge"/.test(e.message),
    );
  });

  test('sync APP queues a sync as the OS user', async () => {
    const { code, out } = await run(sync, 'edge');
    assert.equal(code, 0);
    assert.equal(out, 'sync of edge queued (follow with: tideway history edge)\n');
    assert.deepEqual(agent.control.calls.at(-1), { method: 'requestSync', app: 'edge', who: `admin (as ${os.userInfo().username})` });
  });

  test('sync APP --wait reports the sync that followed, and exits 1 when it failed', async () => {
    const ok = await run(sync, 'web', '--wait');
    assert.equal(ok.code, 0);
    assert.match(ok.out, /^web @ c3d4e5f: Succeeded \(sync \d+, user\)$/m);
    // The fake records each requested sync as Succeeded; report the next one as a failure instead.
    const originalHistory = agent.control.history;
    agent.control.history = async (name, limit) =>
      (await originalHistory(name, limit))?.map((s, i) =>
        i === 0 && s.trigger === 'user' ? { ...s, result: 'Failed', message: 'boom' } : s,
      );
    try {
      const failed = await run(sync, 'web', '--wait');
      assert.equal(failed.code, 1);
      assert.match(failed.out, /: Failed \(sync \d+, user\)\n {2}boom\n$/);
    } finally {
      agent.control.history = originalHistory;
    }
  });

  test('sync APP --wait gives up after --timeout with a one-line Timeout error', async () => {
    const original = agent.control.requestSync;
    agent.control.requestSync = async () => ({ ok: true, value: { queued: true } });
    try {
      const io = bufferIO();
      const started = Date.now();
      await assert.rejects(
        sync(['web', '--wait', '--timeout', '1s', '--data-dir', agent.dataDir], io),
        (e: TidewayError) => e.code === 'Timeout' && /^the sync of web did not finish within 1s/.test(e.message),
      );
      assert.ok(Date.now() - started < 3000);
    } finally {
      agent.control.requestSync = original;
    }
  });

  test('through bin/tideway: status, sync APP and history run as a real process', async () => {
    const bin = path.resolve('bin/tideway.js');
    const tideway = (...argv: string[]) =>
      promisify(execFile)(process.execPath, [bin, ...argv], { env: { ...process.env, TIDEWAY_USER: 'cli-e2e' }, timeout: 30_000 });
    const shown = await tideway('status', '--data-dir', agent.dataDir);
    assert.match(shown.stdout, /^web +Synced +Healthy +c3d4e5f/m);
    const synced = await tideway('sync', 'web', '--data-dir', agent.dataDir);
    assert.equal(synced.stdout, 'sync of web queued (follow with: tideway history web)\n');
    assert.deepEqual(agent.control.calls.at(-1), { method: 'requestSync', app: 'web', who: 'admin (as cli-e2e)' });
  });

  test('through bin/tideway with no agent: exit 2 and one line naming the data dir', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'tideway-noagent-'));
    try {
      const env = {
        ...process.env,
        TIDEWAY_AGENT: '',
        TIDEWAY_AGENT_URL: '',
        TIDEWAY_API_TOKEN: '',
        TIDEWAY_DATA_DIR: '',
        XDG_CONFIG_HOME: path.join(empty, 'config'),
      };
      await assert.rejects(
        promisify(execFile)(process.execPath, [path.resolve('bin/tideway.js'), 'status'], { cwd: empty, env, timeout: 30_000 }),
        (e: any) => {
          assert.equal(e.code, 2);
          assert.equal(
            e.stderr,
            `tideway status: no running agent found in .tideway/ (start one with: tideway agent; or name it: --agent URL, TIDEWAY_AGENT, or agent: in ${path.join(empty, 'config', 'tideway', 'config.yaml')}) [AgentUnavailable]\n`,
          );
          return true;
        },
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
