import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findDuplicates } from './find-duplicates.js';
import type { RenderedObject } from './manifest.js';

const obj = (apiVersion: string, kind: string, name: string, namespace?: string, file = 'a.yaml', line = 1): RenderedObject => ({
  object: { apiVersion, kind, metadata: namespace === undefined ? { name } : { name, namespace } },
  origin: { file, line },
});

test('objects sharing group, kind, namespace and name are grouped, whatever their version', () => {
  const a = obj('apps/v1', 'Deployment', 'web', undefined, 'a.yaml', 3);
  const b = obj('apps/v1beta1', 'Deployment', 'web', undefined, 'b.yaml', 10);
  assert.deepEqual(findDuplicates([a, obj('v1', 'Service', 'web'), b]), [[a, b]]);
});

test('objects that differ in any part of their identity are not duplicates', () => {
  const cases: Array<[RenderedObject, RenderedObject]> = [
    [obj('apps/v1', 'Deployment', 'web'), obj('apps/v1', 'Deployment', 'api')],
    [obj('apps/v1', 'Deployment', 'web'), obj('apps/v1', 'StatefulSet', 'web')],
    [obj('apps/v1', 'Deployment', 'web', 'a'), obj('apps/v1', 'Deployment', 'web', 'b')],
    [obj('networking.k8s.io/v1', 'Ingress', 'web'), obj('extensions/v1beta1', 'Ingress', 'web')],
    [obj('v1', 'ConfigMap', 'web'), obj('v1', 'ConfigMap', 'web', 'default')],
  ];
  for (const pair of cases) assert.deepEqual(findDuplicates(pair), [], JSON.stringify(pair.map((p) => p.object)));
});

test('an empty namespace equals an absent one, and groups keep first-appearance order', () => {
  const x1 = obj('v1', 'ConfigMap', 'x', '');
  const x2 = obj('v1', 'ConfigMap', 'x');
  const y1 = obj('v1', 'Secret', 'y', 'ns');
  const y2 = obj('v1', 'Secret', 'y', 'ns');
  const y3 = obj('v1', 'Secret', 'y', 'ns');
  assert.deepEqual(findDuplicates([y1, x1, y2, x2, y3]), [
    [y1, y2, y3],
    [x1, x2],
  ]);
  assert.deepEqual(findDuplicates([]), []);
});
