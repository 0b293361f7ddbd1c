import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Manifest } from '../../core/model/manifest.js';
import { DESIRED_HASH_ANNOTATION, canonicalJson, withDesiredHash } from './desired-hash.js';

const deployment = {
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', labels: { 'app.kubernetes.io/instance': 'shop', z: 'é"\\' } },
  spec: { replicas: 3, paused: false, template: { spec: { containers: [{ name: 'main', image: 'nginx:1.25', args: ['-c', 'a && b'], env: [{ name: 'N', value: '' }], resources: null }] } } },
} as unknown as Manifest;

test('the hash of an object is the one earlier versions wrote, so upgrading Tideway rewrites nothing', () => {
  assert.equal(withDesiredHash(deployment).hash, '7440e56946d85ea1');
});

test('the hash does not depend on the order of keys, and changes with any value', () => {
  const reordered = { spec: deployment.spec, metadata: { labels: deployment.metadata.labels, namespace: 'shop', name: 'web' }, kind: 'Deployment', apiVersion: 'apps/v1' } as unknown as Manifest;
  assert.equal(withDesiredHash(reordered).hash, withDesiredHash(deployment).hash);
  const changed = structuredClone(deployment) as unknown as { spec: { replicas: number } };
  changed.spec.replicas = 4;
  assert.notEqual(withDesiredHash(changed as unknown as Manifest).hash, withDesiredHash(deployment).hash);
});

test('a timestamp counts by its value', () => {
  const at = (date: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { since: new Date(date) } }) as unknown as Manifest;
  assert.notEqual(withDesiredHash(at('2001-12-14')).hash, withDesiredHash(at('2001-12-15')).hash);
  assert.equal(canonicalJson({ b: new Date('2001-12-14'), a: 1 }), '{"a":1,"b":"2001-12-14T00:00:00.000Z"}');
});

test('the object to send carries its hash and leaves the given object untouched', () => {
  const { body, hash } = withDesiredHash(deployment);
  assert.equal(body.metadata.annotations?.[DESIRED_HASH_ANNOTATION], hash);
  assert.equal(deployment.metadata.annotations, undefined);
});
