/**
 * Ctrl-C of `npm start 2>&1 | tee up.log` kills tee as well as tideway up: every later write of
 * tideway up fails with EPIPE. It must still stop the services it started (not exit at once with
 * status 141 and leave both replicas running). A real pipe, a real reader that dies, the real CLI.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { eventually, processesUnder, TIDEWAY_BIN } from '../../quickstart/testdata/up-process.js';

test('when the reader of its output dies (tee killed by Ctrl-C), tideway up still stops every service before it exits', async () => {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'tideway-up-pipe-')));
  const log = path.join(dir, 'up.log');
  // The reader: `tee up.log` in miniature, in its own process so that it can die first.
  const reader = spawn('sh', ['-c', `exec cat > '${log}'`], { stdio: ['pipe', 'ignore', 'ignore'] });
  const env: NodeJS.ProcessEnv = { ...process.env, TIDEWAY_ALLOW_ROOT: '1' };
  for (const name of [
    'TIDEWAY_DATA_DIR',
    'TIDEWAY_AGENT',
    'TIDEWAY_AGENT_URL',
    'TIDEWAY_API_TOKEN',
    'npm_lifecycle_event',
    'TIDEWAY_LOG_FORMAT',
  ])
    delete env[name];
  const up = spawn(process.execPath, [TIDEWAY_BIN, 'up', '--port', '0'], {
    cwd: dir,
    env,
    stdio: ['ignore', reader.stdin, reader.stdin], // 2>&1 | tee
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    up.on('exit', (code, signal) => resolve({ code, signal })),
  );
  try {
    const text = () => (existsSync(log) ? readFileSync(log, 'utf8') : '');
    await eventually('Synced and Healthy in up.log', () => /is Synced and Healthy/.test(text()), 60_000, 100);
    const replicas = processesUnder(path.join(dir, 'tideway-host'));
    assert.equal(replicas.length, 2, `two replicas running: ${text()}`);
    assert.ok(!/^\{"level"/m.test(text()), 'one format: no JSON log lines among the text lines');

    reader.kill('SIGKILL'); // tee dies first...
    await new Promise((resolve) => reader.on('exit', resolve));
    up.kill('SIGINT'); // ...then Ctrl-C reaches tideway up, whose next write fails with EPIPE
    const exit = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('still running after 30 s'), 30_000))]);
    assert.deepEqual(exit, { code: 0, signal: null }, 'stopped as for Ctrl-C, not killed by the broken pipe');
    assert.deepEqual(processesUnder(path.join(dir, 'tideway-host')), [], 'no replica left behind');
    assert.equal(existsSync(path.join(dir, '.tideway', 'agent.json')), false, 'the agent stopped too');
  } finally {
    if (up.exitCode === null && up.signalCode === null) {
      up.kill('SIGKILL');
      await exited;
    }
    for (const pid of processesUnder(path.join(dir, 'tideway-host'))) process.kill(pid, 'SIGKILL');
    reader.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
