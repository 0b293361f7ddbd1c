import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { allowRootFromEnv, assertNoAgentRunning, assertRootAllowed } from './preflight.js';
import { QuickstartError } from './quickstart-error.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-preflight-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('root is refused in one line naming --allow-root and TIDEWAY_ALLOW_ROOT, unless allowed; other users pass', () => {
  assert.throws(
    () => assertRootAllowed(false, 0),
    (e: Error) => e instanceof QuickstartError && !e.message.includes('\n') && /--allow-root.*TIDEWAY_ALLOW_ROOT=1/.test(e.message),
  );
  assert.doesNotThrow(() => assertRootAllowed(true, 0));
  assert.doesNotThrow(() => assertRootAllowed(false, 1000));
});

test('TIDEWAY_ALLOW_ROOT allows root when set to 1, true or yes', () => {
  assert.deepEqual(
    ['1', 'true', 'YES', '0', '', undefined, 'no'].map((v) => allowRootFromEnv({ TIDEWAY_ALLOW_ROOT: v })),
    [true, true, true, false, false, false, false],
  );
});

test('a data dir whose agent is alive is refused with its pid; a stale agent.json is not', async () => {
  await assertNoAgentRunning(path.join(dir, 'nothing-here'));
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
  try {
    writeFileSync(path.join(dir, 'agent.json'), JSON.stringify({ url: 'http://127.0.0.1:7780', pid: child.pid }));
    await assert.rejects(
      assertNoAgentRunning(dir),
      new RegExp(`already running with data dir .* \\(pid ${child.pid}, http://127.0.0.1:7780\\)`),
    );
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }
  await assertNoAgentRunning(dir);
});
