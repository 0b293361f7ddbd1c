/**
 * `tideway up` end to end: the real CLI as a child process in a temp dir, a real git repository, real
 * replica processes and files, real SQLite. No Kubernetes. Every process it starts is killed after.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { firstFreePortRun } from '../../quickstart/free-port.js';
import {
  alive,
  eventually,
  git,
  greet,
  processesUnder,
  runCli,
  startUp,
  type Greeting,
  type UpProcess,
} from '../../quickstart/testdata/up-process.js';

const READY = /is Synced and Healthy/;

describe('tideway up, end to end', { timeout: 90_000 }, () => {
  let dir: string;
  let hostRoot: string;
  let exampleDir: string;
  let up: UpProcess | undefined;
  let urls: string[] = [];
  const figures: string[] = [];

  const both = async (): Promise<[Greeting, Greeting] | undefined> => {
    const [a, b] = await Promise.all(urls.map((u) => greet(u)));
    return a && b ? [a, b] : undefined;
  };
  const greeterPids = () => processesUnder(path.join(hostRoot, 'greeter'));

  async function startAndWaitReady(args: string[] = []): Promise<number> {
    const t0 = Date.now();
    up = startUp(dir, ['--allow-root', '--port', '0', ...args]);
    await up.waitFor(READY, 30_000);
    const ms = Date.now() - t0;
    urls = [...up.stdout().matchAll(/^ {2}(http:\/\/127\.0\.0\.1:\d+\/) /gm)].map((m) => m[1]);
    return ms;
  }

  async function stopUp(signal: NodeJS.Signals = 'SIGTERM') {
    const running = up!;
    running.child.kill(signal);
    const exit = await running.exited;
    up = undefined;
    return exit;
  }

  before(async () => {
    dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'tideway-up-')));
    hostRoot = path.join(dir, 'tideway-host');
    exampleDir = path.join(dir, 'tideway-example');
  });

  after(async () => {
    if (up) {
      up.child.kill('SIGKILL');
      await up.exited;
    }
    const leftovers = processesUnder(dir);
    for (const pid of leftovers) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    rmSync(dir, { recursive: true, force: true });
    if (figures.length) console.log(figures.join('\n'));
    assert.deepEqual(leftovers, [], 'no process left behind');
  });

  test('without --allow-root it refuses root in one line naming --allow-root and TIDEWAY_ALLOW_ROOT, and creates nothing', async () => {
    const asRoot = process.getuid?.() === 0;
    // Not root: the guard lets it through, so point it at a repository that is not there to end it quickly.
    const refused = startUp(dir, ['--port', '0', ...(asRoot ? [] : ['--repo', './no-such-repo'])]);
    const exit = await refused.exited;
    assert.equal(exit.code, 2);
    const lines = refused.stderr().trim().split('\n');
    assert.equal(lines.length, 1, refused.stderr());
    if (asRoot) assert.match(lines[0], /^tideway up: refusing to run as root.*--allow-root.*TIDEWAY_ALLOW_ROOT=1/);
    else assert.doesNotMatch(lines[0], /root/);
    assert.equal(existsSync(exampleDir), false, 'no example created');
    assert.equal(existsSync(hostRoot), false, 'no host root created');
  });

  test('creates the example repository, syncs it and prints the URLs where both replicas answer with the greeting', async () => {
    const base = await firstFreePortRun(20000 + Math.floor(Math.random() * 30000), 2);
    const ms = await startAndWaitReady(['--service-port', String(base)]);
    const inProcess = /is Synced and Healthy.*\((\d+\.\d) s\)/.exec(up!.stdout())?.[1];
    figures.push(`tideway up start -> "Synced and Healthy" printed: ${ms} ms (process uptime it reports: ${inProcess} s)`);
    assert.deepEqual(urls, [`http://127.0.0.1:${base}/`, `http://127.0.0.1:${base! + 1}/`]);
    const [a, b] = (await both())!;
    assert.deepEqual([a.text, a.replica, b.text, b.replica], ['Hello from Tideway', 0, 'Hello from Tideway', 1]);
    assert.deepEqual(
      greeterPids(),
      [a.pid, b.pid].sort((x, y) => x - y),
      'exactly the two replicas run',
    );
    const log = git(exampleDir, ['log', '--format=%an|%s']).trim().split('\n');
    assert.equal(log.length, 1);
    assert.match(log[0], /^Tideway Quickstart\|/);
    const out = up!.stdout();
    assert.match(out, /\(cd tideway-example && sed -i .* manifests\/greeter-config\.yaml && git commit -qam .*\)/);
    assert.match(out, /rm tideway-host\/greeter\/greeting\.conf/);
    assert.match(out, /git revert --no-edit HEAD/);
    assert.match(out, /node \S*bin\/tideway\.js history quickstart\n/);
    assert.match(out, /node \S*bin\/tideway\.js status\n/);
  });

  test('a committed config change rolls both replicas to the new greeting within seconds', async () => {
    const before = (await both())!;
    const manifest = path.join(exampleDir, 'manifests', 'greeter-config.yaml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/greeting = .*/, 'greeting = Hello from Git'));
    git(exampleDir, ['commit', '-qam', 'Say hello from Git']);
    const t0 = Date.now();
    const after = await eventually(
      'both replicas greet from Git',
      async () => {
        const g = await both();
        return g?.every((x) => x.text === 'Hello from Git') ? g : undefined;
      },
      15_000,
    );
    figures.push(`commit -> both replicas answer the new greeting: ${Date.now() - t0} ms (interval 5s)`);
    for (const [i, g] of after.entries()) assert.notEqual(g.pid, before[i].pid, `replica ${i} was restarted`);
    for (const g of before) assert.equal(alive(g.pid), false, `old pid ${g.pid} is gone`);
    await eventually('two replicas, no more', () => greeterPids().length === 2, 5000);
    assert.equal(readFileSync(path.join(hostRoot, 'greeter', 'greeting.conf'), 'utf8'), 'greeting = Hello from Git\n');
  });

  test('the config file deleted by hand is restored', async () => {
    const file = path.join(hostRoot, 'greeter', 'greeting.conf');
    const content = readFileSync(file, 'utf8');
    unlinkSync(file);
    const t0 = Date.now();
    await eventually('greeting.conf restored', () => existsSync(file) && readFileSync(file, 'utf8') === content, 5000, 10);
    figures.push(`config file deleted -> restored: ${Date.now() - t0} ms`);
  });

  test('a killed replica is restarted and a new pid answers', async () => {
    const [a] = (await both())!;
    process.kill(a.pid, 'SIGKILL');
    const t0 = Date.now();
    const next = await eventually(
      'replica 0 answers with a new pid',
      async () => {
        const g = await greet(urls[0]);
        return g && g.pid !== a.pid ? g : undefined;
      },
      10_000,
    );
    figures.push(`replica killed -> a new pid answers: ${Date.now() - t0} ms`);
    assert.equal(next.replica, 0);
    assert.equal(next.text, 'Hello from Git');
    await eventually('two replicas, no more', () => greeterPids().length === 2, 5000);
  });

  test('git revert brings the old greeting back', async () => {
    git(exampleDir, ['revert', '--no-edit', 'HEAD']);
    const t0 = Date.now();
    await eventually(
      'both replicas greet from Tideway again',
      async () => {
        const g = await both();
        return g?.every((x) => x.text === 'Hello from Tideway');
      },
      15_000,
    );
    figures.push(`revert commit -> old greeting on both replicas: ${Date.now() - t0} ms`);
  });

  test('tideway history lists the syncs and tideway status shows the app Synced and Healthy', async () => {
    const [history, status] = await Promise.all([
      runCli(dir, ['history', 'quickstart', '--data-dir', path.join(dir, '.tideway')]),
      runCli(dir, ['status']),
    ]);
    // A deleted file or a killed replica is put back by the host target itself; whether the agent's
    // drift check also saw it (and recorded a drift sync) depends on timing. Such a row must have succeeded.
    const all = history.trim().split('\n').slice(1);
    const drift = all.filter((r) => /^\d+\s+(just now|\S+ ago)\s+drift\s/.test(r));
    assert.ok(
      drift.every((r) => /\sSucceeded\s/.test(r)),
      history,
    );
    const rows = all.filter((r) => !drift.includes(r));
    assert.equal(rows.length, 3, history);
    assert.match(rows[0], /poll\s+Ada Tester\s+\w{7} Revert "Say hello from Git"\s+Succeeded/);
    assert.match(rows[1], /poll\s+Ada Tester\s+\w{7} Say hello from Git\s+Succeeded/);
    assert.match(rows[2], /startup\s+Tideway Quickstart\s+\w{7} Quickstart example.*Succeeded/);
    assert.match(status, /quickstart\s+Synced\s+Healthy/);
  });

  test('SIGTERM stops the agent and every service process, and exits 0', async () => {
    const pids = greeterPids();
    assert.equal(pids.length, 2);
    const exit = await stopUp('SIGTERM');
    assert.deepEqual(exit, { code: 0, signal: null });
    for (const pid of pids) assert.equal(alive(pid), false, `replica pid ${pid} stopped`);
    assert.deepEqual(processesUnder(dir), []);
    assert.equal(existsSync(path.join(dir, '.tideway', 'agent.json')), false, 'agent.json removed');
  });

  test('a second run starts the services afresh; after a crash the next run adopts them, with no duplicate replica; a doubled Ctrl-C stops them', async () => {
    await startAndWaitReady();
    const first = (await both())!;
    assert.deepEqual(
      first.map((g) => g.text),
      ['Hello from Tideway', 'Hello from Tideway'],
    );
    assert.deepEqual(
      greeterPids(),
      first.map((g) => g.pid).sort((x, y) => x - y),
    );
    assert.match(up!.stdout(), /using the example repository .* as it is/);

    await stopUp('SIGKILL'); // no chance to stop anything: the replicas keep running
    assert.deepEqual(
      first.map((g) => alive(g.pid)),
      [true, true],
    );

    await startAndWaitReady();
    const adopted = (await both())!;
    assert.deepEqual(
      adopted.map((g) => g.pid),
      first.map((g) => g.pid),
      'the running replicas were adopted',
    );
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(
      greeterPids(),
      first.map((g) => g.pid).sort((x, y) => x - y),
      'no duplicate replica',
    );

    // Ctrl-C under npm arrives twice (from the terminal and from npm): still one graceful stop.
    up!.child.kill('SIGINT');
    setTimeout(() => up?.child.kill('SIGINT'), 50);
    assert.deepEqual(await up!.exited, { code: 0, signal: null });
    up = undefined;
    assert.deepEqual(processesUnder(dir), []);
  });
});
