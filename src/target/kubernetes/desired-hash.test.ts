import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Manifest } from '../../core/model/manifest.js';
import { DESIRED_HASH_ANNOTATION, canonicalJson, hashWhile, withDesiredHash } from './desired-hash.js';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', labels: { 'app.kubernetes.io/instance': 'shop', z: 'é"\\' } },
  spec: {
    replicas: 3,
    paused: false,
    template: {
      spec: {
        containers: [{ name: 'main', image: 'nginx:1.25', args: ['-c', 'a && b'], env: [{ name: 'N', value: '' }], resources: null }],
      },
    },
  },
} as unknown as Manifest;

test('the hash of an object is the one earlier versions wrote, so upgrading Tideway rewrites nothing', () => {
  assert.equal(withDesiredHash(deployment).hash, '7440e56946d85ea1');
});

test('the hash does not depend on the order of keys, and changes with any value', () => {
  const reordered = {
    spec: deployment.spec,
    metadata: { labels: deployment.metadata.labels, namespace: 'shop', name: 'web' },
    kind: 'Deployment',
    apiVersion: 'apps/v1',
  } as unknown as Manifest;
  assert.equal(withDesiredHash(reordered).hash, withDesiredHash(deployment).hash);
  const changed = structuredClone(deployment) as unknown as { spec: { replicas: number } };
  changed.spec.replicas = 4;
  assert.notEqual(withDesiredHash(changed as unknown as Manifest).hash, withDesiredHash(deployment).hash);
});

test('a timestamp counts by its value', () => {
  const at = (date: string) =>
    ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { since: new Date(date) } }) as unknown as Manifest;
  assert.notEqual(withDesiredHash(at('2001-12-14')).hash, withDesiredHash(at('2001-12-15')).hash);
  assert.equal(canonicalJson({ b: new Date('2001-12-14'), a: 1 }), '{"a":1,"b":"2001-12-14T00:00:00.000Z"}');
});

test('the object to send carries its hash and leaves the given object untouched', () => {
  const { body, hash } = withDesiredHash(deployment);
  assert.equal(body.metadata.annotations?.[DESIRED_HASH_ANNOTATION], hash);
  assert.equal(deployment.metadata.annotations, undefined);
});

test('objects are hashed batch by batch only while the caller is waiting; the rest are left to each apply', async () => {
  const many = Array.from({ length: 120 }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}` } }) as Manifest);
  const all = await hashWhile(many, () => true);
  assert.equal(all.length, 120);
  assert.deepEqual(
    all.map((h) => h?.hash),
    many.map((o) => withDesiredHash(o).hash),
  );
  let turns = 0;
  const some = await hashWhile(many, () => turns++ < 1);
  assert.equal(some.length, 50, 'one batch, then the wait was over');
  assert.deepEqual(await hashWhile(many, () => false), [], 'nothing to wait for: nothing hashed ahead');
});

test('an object that cannot be hashed is left undefined, and the others are still hashed', async () => {
  const cyclic = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'loop' } } as Manifest & { self?: unknown };
  cyclic.self = cyclic;
  const out = await hashWhile([cyclic, deployment], () => true);
  assert.equal(out[0], undefined);
  assert.equal(out[1]?.hash, withDesiredHash(deployment).hash);
});
