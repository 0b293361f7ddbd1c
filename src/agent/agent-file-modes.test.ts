/**
 * Every file the agent keeps in its data directory is its user's only (no group or other bits),
 * whatever the umask and the directory's mode: the SQLite database and its -wal/-shm files, the API
 * token, the git mirrors and checkouts, the render cache, the host target's state. A real agent, a
 * real git repository and the real host target.
 */
import assert from 'node:assert/strict';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createTestRepo } from '../../test/support/git-repo.js';
import { waitFor } from '../../test/support/wait-for.js';
import { silentLogger } from '../log/logger.js';
import { createAgent } from './agent.js';

/** Every regular file under `dir` (not following symlinks) with its permission bits; `skip` names top-level entries left out. */
function filesWithModes(dir: string, skip: string[] = []): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel))) {
      const child = path.join(rel, name);
      if (rel === '' && skip.includes(name)) continue;
      const info = lstatSync(path.join(dir, child));
      if (info.isDirectory()) walk(child);
      else if (info.isFile()) out.set(child, info.mode & 0o777);
    }
  };
  walk('');
  return out;
}

test('in a pre-existing 0755 data directory under umask 022, every file the agent creates is 0600 or stricter, SQLite -wal and -shm too', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-file-modes-'));
  const previousUmask = process.umask(0o022);
  const repo = createTestRepo({
    'motd/motd.yaml':
      'apiVersion: host.tideway.dev/v1alpha1\nkind: File\nmetadata: { name: motd }\nspec: { path: motd, content: "hi\\n" }\n',
  });
  const dataDir = path.join(dir, 'data');
  mkdirSync(dataDir);
  chmodSync(dataDir, 0o755);
  // A token file an older version (or a copy) left readable by everyone is made private too.
  writeFileSync(path.join(dataDir, 'api-token'), `${'ab'.repeat(32)}\n`, { mode: 0o644 });
  writeFileSync(
    path.join(dir, 'motd.yaml'),
    `apiVersion: tideway.dev/v1alpha1\nkind: Application\nmetadata: { name: motd }\nspec:\n  source: { repoURL: ${repo.dir}, targetRevision: main, path: motd, interval: 1h }\n  destination: { target: host }\n  syncPolicy: { automated: { prune: true } }\n`,
  );
  const agent = createAgent({
    dataDir,
    apps: [path.join(dir, 'motd.yaml')],
    hostRoot: path.join(dir, 'host'),
    allowRoot: true,
    apiPort: 0,
    log: silentLogger,
  });
  const open = (files: Map<string, number>) =>
    [...files].filter(([, mode]) => (mode & 0o077) !== 0).map(([f, m]) => `${f} ${m.toString(8)}`);
  try {
    await agent.start();
    await waitFor('synced', async () => (await agent.control.getApp('motd'))?.status?.syncStatus === 'Synced', { timeoutMs: 20_000 });
    const running = filesWithModes(dataDir);
    for (const f of ['tideway.db', 'tideway.db-wal', 'tideway.db-shm', 'api-token', 'agent.json', 'agent-id'])
      assert.ok(running.has(f), `${f} exists while the agent runs (${[...running.keys()].join(', ')})`);
    assert.ok(
      [...running.keys()].some((f) => f.startsWith(`git${path.sep}repos${path.sep}`)),
      'a git mirror is there',
    );
    assert.ok(
      [...running.keys()].some((f) => f.startsWith(`git${path.sep}checkouts${path.sep}`)),
      'a checkout is there',
    );
    assert.deepEqual(open(running), [], 'files readable or writable by others while running');
  } finally {
    await agent.stop(10_000);
    process.umask(previousUmask);
  }
  try {
    assert.deepEqual(open(filesWithModes(dataDir)), [], 'files readable or writable by others after stopping');
    assert.equal(lstatSync(path.join(dir, 'host', 'motd')).mode & 0o777, 0o644, 'host files keep the mode their spec gives');
  } finally {
    repo.remove();
    rmSync(dir, { recursive: true, force: true });
  }
});
