import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createTestRepo } from '../../../test/support/git-repo.js';
import { createGitSource } from './index.js';

/** Loose object files in a bare repository (objects/xx/...). */
function looseObjects(gitDir: string): number {
  return readdirSync(path.join(gitDir, 'objects'))
    .filter((d) => /^[0-9a-f]{2}$/.test(d))
    .reduce((n, d) => n + readdirSync(path.join(gitDir, 'objects', d)).length, 0);
}

test('a mirror is repacked every gcEveryFetches fetches: the loose objects fetches leave do not pile up', async () => {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'tideway-mirror-gc-'));
  const repo = createTestRepo({ 'a.yaml': 'a: 0\n' });
  try {
    const source = createGitSource({ cacheDir, gcEveryFetches: 3 });
    const mirrorDir = () => {
      const root = path.join(cacheDir, 'repos');
      return path.join(root, readdirSync(root)[0]);
    };
    const counts: number[] = [];
    for (let i = 1; i <= 6; i++) {
      repo.commit({ 'a.yaml': `a: ${i}\n`, [`f${i}.yaml`]: `f: ${i}\n` }, `commit ${i}`);
      await source.resolve({ repoURL: repo.dir, targetRevision: 'main' });
      counts.push(looseObjects(mirrorDir()));
    }
    await source.close();
    // Local clones of small fetches arrive loose; the 3rd and 6th fetch are followed by a gc.
    assert.ok(counts[1] > 0, `loose objects after two fetches (${counts})`);
    assert.equal(counts[2], 0, `packed after the third (${counts})`);
    assert.equal(counts[5], 0, `packed after the sixth (${counts})`);
  } finally {
    repo.remove();
    rmSync(cacheDir, { recursive: true, force: true });
  }
});
