import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultNamespaces } from './default-namespace.js';
import { crdScopes } from './crd-scopes.js';
import type { Manifest } from '../model/manifest.js';

const objects: Manifest[] = [
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'other' } },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r', namespace: 'oops' } },
  { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
  {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: { group: 'example.com', scope: 'Namespaced', names: { kind: 'Widget' } },
  },
];

test('namespaced objects without a namespace get the destination namespace, others keep theirs', () => {
  const fromCrds = crdScopes(objects);
  const out = defaultNamespaces(
    objects,
    (k) =>
      k.kind === 'ConfigMap'
        ? 'Namespaced'
        : k.kind === 'ClusterRole' || k.kind === 'CustomResourceDefinition'
          ? 'Cluster'
          : fromCrds.get(`${k.apiVersion.split('/')[0]}/${k.kind}`),
    'dest',
  );
  assert.deepEqual(
    out.map((o) => o.metadata.namespace),
    ['dest', 'other', undefined, 'dest', undefined],
  );
});

test('objects of unknown scope are left as they are', () => {
  const out = defaultNamespaces([objects[3]], () => undefined, 'dest');
  assert.equal(out[0].metadata.namespace, undefined);
});
