import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { RenderWarning } from '../renderer.js';
import { buildKustomization } from './build.js';

/**
 * A "diamond" of `levels` levels: the top lists l0/a and l0/b; each of l<i>/a and l<i>/b lists
 * l<i+1>/a and l<i+1>/b with its own name prefix; the bottom holds one ConfigMap and a deprecated
 * field (commonLabels), so each build of it is one warning. Objects: 2^(levels+1).
 */
function diamond(levels: number): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tideway-diamond-'));
  const write = (dir: string, text: string) => {
    mkdirSync(path.join(root, dir), { recursive: true });
    writeFileSync(path.join(root, dir, 'kustomization.yaml'), text);
  };
  write('top', 'resources: [../l0/a, ../l0/b]\n');
  for (let i = 0; i < levels; i++) {
    for (const side of ['a', 'b']) write(`l${i}/${side}`, `namePrefix: ${side}-\nresources: [../../l${i + 1}/a, ../../l${i + 1}/b]\n`);
  }
  for (const side of ['a', 'b']) {
    write(`l${levels}/${side}`, `namePrefix: ${side}-\ncommonLabels: { tier: bottom }\nresources: [cm.yaml]\n`);
    writeFileSync(
      path.join(root, `l${levels}/${side}`, 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cm }\ndata: { k: v }\n',
    );
  }
  return root;
}

test('a diamond builds each directory once: 10 levels, 2,048 objects, the bottom built (and warned about) once per directory', async () => {
  const root = diamond(10);
  try {
    const warnings: RenderWarning[] = [];
    const started = Date.now();
    const objects = await buildKustomization(root, 'top', { allow: false }, (w) => warnings.push(w));
    assert.equal(objects.length, 2 ** 11);
    assert.equal(new Set(objects.map((o) => o.object.metadata.name)).size, 2 ** 11, 'every path gives its own prefixed name');
    assert.equal(warnings.length, 2, `the two bottom directories are built once each (${warnings.length} warnings)`);
    assert.ok(Date.now() - started < 20_000, `built in ${Date.now() - started} ms`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('16 levels (131,072 objects) are refused by the object bound (not after minutes), naming the kustomization', async () => {
  const root = diamond(16);
  try {
    const started = Date.now();
    await assert.rejects(buildKustomization(root, 'top', { allow: false }), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'InputTooLarge');
      assert.match(e.message, /kustomization\.yaml: the kustomize build produces more than 20000 objects; refused/);
      return true;
    });
    assert.ok(Date.now() - started < 30_000, `refused after ${Date.now() - started} ms`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a build past its time bound fails with Timeout', async () => {
  const root = diamond(12);
  try {
    await assert.rejects(
      buildKustomization(root, 'top', { allow: false }, undefined, { timeoutMs: 1, maxObjects: 1e9 }),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'Timeout');
        assert.match(e.message, /the kustomize build took longer than 0\.001 s; refused/);
        return true;
      },
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
