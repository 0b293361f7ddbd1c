import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Manifest } from '../model/manifest.js';
import { refOf } from '../model/object-ref.js';
import { buildResourceTree, maxChildrenPerNode } from './resource-tree.js';

const fixture = (name: string) =>
  parse(readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8')) as { managed: Manifest[]; candidates: Manifest[] };

test('children hang under their owners however deep; objects owned by nothing in the app are left out', () => {
  const { managed, candidates } = fixture('deployment-tree.yaml');
  const nodes = buildResourceTree(
    managed.map((m) => ({ ref: refOf(m), live: m, sync: m.kind === 'Service' ? 'OutOfSync' : 'Synced' })),
    candidates,
  );
  assert.deepEqual(
    nodes.map((n) => [n.id, n.parentId ?? null, n.managed, n.sync ?? null]),
    [
      ['apps/Deployment/shop/web', null, true, 'Synced'],
      ['/Service/shop/web', null, true, 'OutOfSync'],
      ['apps/ReplicaSet/shop/web-new', 'apps/Deployment/shop/web', false, null],
      ['apps/ReplicaSet/shop/web-old', 'apps/Deployment/shop/web', false, null],
      ['/Pod/shop/web-new-a', 'apps/ReplicaSet/shop/web-new', false, null],
    ],
  );
  const byId = new Map(nodes.map((n) => [n.id, n]));
  assert.equal(byId.get('apps/Deployment/shop/web')?.info, '1/2 ready');
  assert.equal(byId.get('apps/Deployment/shop/web')?.createdAt, '2025-01-01T00:00:00Z');
  assert.equal(byId.get('/Pod/shop/web-new-a')?.info, 'Running, 1/1 ready');
  assert.equal(byId.get('/Pod/shop/web-new-a')?.health?.status, 'Healthy');
});

test('a managed object missing from the target is Missing; a health given by the target is kept', () => {
  const ref = { group: '', kind: 'ConfigMap', namespace: 'shop', name: 'gone' };
  const file = { group: 'host.tideway.dev', kind: 'File', name: 'greeting' };
  const nodes = buildResourceTree(
    [
      { ref, sync: 'OutOfSync' },
      { ref: file, sync: 'Synced', health: { status: 'Healthy' } },
    ],
    [],
  );
  assert.deepEqual(nodes[0].health, { status: 'Missing', message: 'not found in the target' });
  assert.deepEqual(nodes[1].health, { status: 'Healthy' });
});

test(`at most ${maxChildrenPerNode} children are shown under one object`, () => {
  const owner: Manifest = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j', namespace: 'n', uid: 'j-1' } as Manifest['metadata'],
  };
  const pods: Manifest[] = Array.from({ length: 80 }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p${i}`, namespace: 'n', uid: `p-${i}`, ownerReferences: [{ uid: 'j-1' }] } as Manifest['metadata'],
  }));
  const nodes = buildResourceTree([{ ref: refOf(owner), live: owner, sync: 'Synced' }], pods);
  assert.equal(nodes.filter((n) => n.parentId).length, maxChildrenPerNode);
});
