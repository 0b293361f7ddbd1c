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
