import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Manifest } from '../model/manifest.js';
import { inKindOrder } from './kind-order.js';

const obj = (kind: string, name: string, apiVersion = 'v1'): Manifest => ({ apiVersion, kind, metadata: { name } });

test('configuration and Services come before the workloads that use them, custom resources last, and otherwise render order is kept', () => {
  const rendered = [
    obj('Deployment', 'web', 'apps/v1'),
    obj('Widget', 'w1', 'example.com/v1'),
    obj('Service', 'web'),
    obj('ConfigMap', 'b'),
    obj('Ingress', 'web', 'networking.k8s.io/v1'),
    obj('ConfigMap', 'a'),
    obj('Secret', 's'),
    obj('Deployment', 'api', 'apps/v1'),
    obj('ServiceAccount', 'runner'),
    obj('Widget', 'w0', 'example.com/v1'),
    obj('Job', 'migrate', 'batch/v1'),
  ];
  assert.deepEqual(
    inKindOrder(rendered).map((o) => `${o.kind}/${o.metadata.name}`),
    [
      'ServiceAccount/runner',
      'Secret/s',
      'ConfigMap/b',
      'ConfigMap/a',
      'Service/web',
      'Deployment/web',
      'Deployment/api',
      'Job/migrate',
      'Ingress/web',
      'Widget/w1',
      'Widget/w0',
    ],
  );
});

test('the objects given are not reordered in place', () => {
  const rendered = [obj('Service', 's'), obj('ConfigMap', 'c')];
  inKindOrder(rendered);
  assert.deepEqual(
    rendered.map((o) => o.kind),
    ['Service', 'ConfigMap'],
  );
});
