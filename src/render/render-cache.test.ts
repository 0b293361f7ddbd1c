import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRenderCache } from './render-cache.js';

test('a rendered commit is found again by commit, path and options, and only by those', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-render-cache-'));
  try {
    const cache = createRenderCache(dir, { version: '1.0.0' });
    const key = { sha: 'a'.repeat(40), path: 'apps/web', directory: { recurse: false } };
    const objects = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'v' } }];
    assert.equal(cache.get(key), undefined);
    await cache.put(key, objects);
    assert.deepEqual(cache.get(key), { objects, warnings: [] });
    const warnings = [{ file: 'apps/web/kustomization.yaml', message: "# Warning: 'vars' is deprecated." }];
    await cache.put(key, objects, warnings);
    assert.deepEqual(cache.get(key), { objects, warnings }, 'with the warnings of the render');
    assert.equal(cache.get({ ...key, sha: 'b'.repeat(40) }), undefined);
    assert.equal(cache.get({ ...key, path: 'apps/other' }), undefined);
    assert.equal(cache.get({ ...key, directory: { recurse: true } }), undefined);
    assert.equal(cache.get({ ...key, allowEmpty: true }), undefined, 'allowEmpty may render nothing where the same path fails');
    assert.equal(createRenderCache(dir, { version: '2.0.0' }).get(key), undefined, 'another Tideway version renders again');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the cache stays under its size bound: the least recently used renders go first, a hit counts as a use', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-render-cache-'));
  try {
    const big = (n: number) => [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${n}` }, data: { k: 'x'.repeat(1000) } }];
    const key = (n: number) => ({ sha: String(n).padStart(40, '0'), path: 'p', directory: { recurse: false } });
    const cache = createRenderCache(dir, { maxBytes: 5_500 }); // room for five renders of ~1.1 KB
    for (let n = 0; n < 5; n++) {
      await cache.put(key(n), big(n));
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.ok(cache.get(key(0)), 'render 0 is used again: now the most recent');
    await new Promise((r) => setTimeout(r, 5));
    for (let n = 5; n < 8; n++) await cache.put(key(n), big(n));
    const kept = [0, 1, 2, 3, 4, 5, 6, 7].filter((n) => cache.get(key(n)) !== undefined);
    assert.ok(kept.includes(0), `the recently used render is kept (${kept})`);
    assert.ok(kept.includes(7), `the newest is kept (${kept})`);
    assert.ok(!kept.includes(1) && !kept.includes(2), `the least recently used are evicted (${kept})`);
    assert.ok(kept.length <= 5, `at most five renders fit (${kept})`);
    // A new process over the same directory sees what is there and keeps the bound.
    const again = createRenderCache(dir, { maxBytes: 2_300 });
    await again.put(key(9), big(9));
    assert.ok([0, 1, 2, 3, 4, 5, 6, 7, 9].filter((n) => again.get(key(n)) !== undefined).length <= 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
