import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Manifest } from '../core/model/manifest.js';
import { serviceEndpoints } from './service-endpoints.js';

const svc = (name: string, spec: Record<string, unknown>): Manifest => ({
  apiVersion: 'host.tideway.dev/v1alpha1',
  kind: 'Service',
  metadata: { name },
  spec,
});

test('one URL per replica of each Service with an HTTP probe; other Services, invalid ones and other kinds give none', () => {
  const objects: Manifest[] = [
    svc('web', { command: 'node', replicas: 3, readinessProbe: { http: { port: '{{replica + 9000}}', path: '/healthz' } } }),
    svc('fixed', { command: 'node', readinessProbe: { http: { port: 7000, host: '::1' } } }),
    svc('tcp', { command: 'node', readinessProbe: { tcp: { port: 7100 } } }),
    svc('bare', { command: 'node' }),
    svc('broken', { replicas: 2, readinessProbe: { http: { port: 7200 } } }),
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'k8s' }, spec: { ports: [{ port: 80 }] } },
  ];
  assert.deepEqual(serviceEndpoints(objects), [
    { service: 'web', replica: 0, url: 'http://127.0.0.1:9000/' },
    { service: 'web', replica: 1, url: 'http://127.0.0.1:9001/' },
    { service: 'web', replica: 2, url: 'http://127.0.0.1:9002/' },
    { service: 'fixed', replica: 0, url: 'http://[::1]:7000/' },
  ]);
});
