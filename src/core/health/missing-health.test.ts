import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateHealth } from './health-status.js';
import { missingHealth } from './missing-health.js';

test('An object that should exist but does not is Missing and named in the message', () => {
  const health = missingHealth({ group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' });
  assert.deepEqual(health, { status: 'Missing', message: 'Deployment/shop/web does not exist' });
});

test('A missing object without a reference is still Missing', () => {
  assert.equal(missingHealth().status, 'Missing');
});

test('A missing object makes an otherwise healthy application Missing but not worse than Degraded', () => {
  assert.equal(aggregateHealth(['Healthy', 'Progressing', missingHealth().status]), 'Missing');
  assert.equal(aggregateHealth([missingHealth().status, 'Degraded']), 'Degraded');
});
