import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { writeFileAtomic } from './atomic-write.js';
import { removeFileBeneath, writeFileBeneath } from './confined-write.js';

function setup() {
  const base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'tideway-confined-')));
  const root = path.join(base, 'root');
  const outside = path.join(base, 'outside');
  mkdirSync(path.join(root, 'etc'), { recursive: true });
  mkdirSync(outside);
  return { base, root, outside, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

describe('writes under the host root cannot be redirected by a directory swapped for a symlink', () => {
  test('scripted: the path was checked, then etc became a link to outside; the write is refused and nothing lands outside', async () => {
    const { root, outside, cleanup } = setup();
    try {
      const checked = path.join(root, 'etc', 'motd'); // what resolveHostPath returned before the swap
      renameSync(path.join(root, 'etc'), path.join(root, 'etc.real'));
      symlinkSync(outside, path.join(root, 'etc'));
      // The unconfined write (what the host target did) follows the link:
      await writeFileAtomic(checked, 'leaked\n', 0o644);
      assert.deepEqual(readdirSync(outside), ['motd'], 'the path-based write lands outside the root');
      rmSync(path.join(outside, 'motd'));
      await assert.rejects(writeFileBeneath(root, 'etc/motd', 'hello\n', 0o644), /spec\.path: etc changed while Tideway wrote it/);
      await assert.rejects(removeFileBeneath(root, 'etc/motd'), /changed while Tideway wrote it/);
      assert.deepEqual(readdirSync(outside), [], 'nothing written outside, no temporary file left');
    } finally {
      cleanup();
    }
  });

  test('a process swapping the directory in a loop while 300 restores run: every write lands inside or is refused', async () => {
    const { root, outside, cleanup } = setup();
    const script = `
      const fs = require('node:fs');
      const [root, outside, ms] = process.argv.slice(1);
      const end = Date.now() + Number(ms);
      let swaps = 0;
      while (Date.now() < end) {
        try {
          fs.renameSync(root + '/etc', root + '/etc.real');
          fs.symlinkSync(outside, root + '/etc');
          fs.unlinkSync(root + '/etc');
          fs.renameSync(root + '/etc.real', root + '/etc');
          swaps++;
        } catch {}
      }
      process.stdout.write(String(swaps));
    `;
    const swapper = spawn(process.execPath, ['-e', script, root, outside, '4000'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let swaps = '';
    swapper.stdout.on('data', (c) => (swaps += c));
    const exited = new Promise((resolve) => swapper.on('exit', resolve));
    let written = 0;
    let refused = 0;
    try {
      await new Promise((r) => setTimeout(r, 100));
      for (let i = 0; i < 300; i++) {
        try {
          await writeFileBeneath(root, 'etc/motd', `restore ${i}\n`, 0o644);
          written++;
        } catch (error) {
          refused++;
          assert.match(String(error), /changed while Tideway wrote it|ENOENT/);
        }
      }
      await exited;
      assert.ok(Number(swaps) > 10, `the swapper swapped ${swaps} times`); // (a loaded machine swaps fewer times: the race, not its rate, is tested)
      assert.deepEqual(readdirSync(outside), [], `nothing outside the root (${written} written, ${refused} refused)`);
      assert.ok(written > 0, 'some restores succeeded');
      const dir = readdirSync(path.join(root, 'etc'));
      assert.deepEqual(
        dir.filter((f) => f.startsWith('.tideway-tmp-')),
        [],
        'no temporary file left behind',
      );
      assert.match(readFileSync(path.join(root, 'etc', 'motd'), 'utf8'), /^restore \d+\n$/);
    } finally {
      swapper.kill();
      cleanup();
    }
  });
});
