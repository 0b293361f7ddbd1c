import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Manifest } from '../core/model/manifest.js';
import { enforceSchemas, SchemaInvalidError } from './schema-gate.js';

const deployment = (spec: Record<string, unknown>) =>
  ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec }) as Manifest;
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };

test('a sync is refused before any write when an object has a wrong type or an unknown field, naming each', () => {
  const bad = deployment({ replicas: 'two', selectr: {}, template });
  assert.throws(
    () => enforceSchemas([{ object: bad, origin: { file: 'apps/web.yaml', line: 3 } }], { kubeVersion: 'v1.34.2' }),
    (error: unknown) =>
      error instanceof SchemaInvalidError &&
      error.code === 'InvalidManifest' &&
      error.message ===
        [
          'objects do not match the Kubernetes 1.34 schema:',
          'apps/web.yaml:3: Deployment/shop/web: spec.replicas: must be an integer (got the string "two")',
          'apps/web.yaml:3: Deployment/shop/web: spec.selector: is required',
          'apps/web.yaml:3: Deployment/shop/web: spec.selectr: unknown field',
        ].join('\n'),
  );
});

test('valid objects, host objects and kinds only the cluster knows pass', () => {
  const good = deployment({ replicas: 2, selector: { matchLabels: { app: 'web' } }, template });
  const host = { apiVersion: 'host.tideway.dev/v1alpha1', kind: 'File', metadata: { name: 'f' }, spec: { path: '/tmp/x' } } as Manifest;
  const custom = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'c' }, spec: { anything: 1 } } as Manifest;
  assert.doesNotThrow(() => enforceSchemas([good, host, custom]));
  assert.throws(() => enforceSchemas([custom], { ignoreMissingSchemas: false }), /no schema for cert-manager.io\/v1 Certificate/);
});
