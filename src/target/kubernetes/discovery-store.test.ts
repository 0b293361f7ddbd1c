import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { createFileDiscoveryStore, DISCOVERY_TTL_MS } from './discovery-store.js';
import type { ResourceInfo } from './resource-info.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-discovery-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const deployments: ResourceInfo = { name: 'deployments', namespaced: true, group: 'apps', version: 'v1', kind: 'Deployment' };

test('a stored group-version is read back by a later store on the same file, until it is ten minutes old', () => {
  const file = path.join(dir, 'ttl.json');
  let now = 1_000_000;
  createFileDiscoveryStore(file, 'https://a.example', { now: () => now }).write('apps/v1', [deployments]);
  const later = createFileDiscoveryStore(file, 'https://a.example', { now: () => now });
  assert.deepEqual(later.read('apps/v1'), [deployments]);
  assert.equal(later.read('v1'), undefined);
  now += DISCOVERY_TTL_MS - 1;
  assert.deepEqual(createFileDiscoveryStore(file, 'https://a.example', { now: () => now }).read('apps/v1'), [deployments]);
  now += 1;
  assert.equal(createFileDiscoveryStore(file, 'https://a.example', { now: () => now }).read('apps/v1'), undefined);
});

test('forget drops one group-version or all, for later stores too', () => {
  const file = path.join(dir, 'forget.json');
  const store = createFileDiscoveryStore(file, 'https://a.example');
  store.write('apps/v1', [deployments]);
  store.write('batch/v1', [{ ...deployments, group: 'batch', name: 'jobs', kind: 'Job' }]);
  store.forget('apps/v1');
  assert.equal(createFileDiscoveryStore(file, 'https://a.example').read('apps/v1'), undefined);
  assert.equal(createFileDiscoveryStore(file, 'https://a.example').read('batch/v1')?.[0].kind, 'Job');
  store.forget();
  assert.equal(createFileDiscoveryStore(file, 'https://a.example').read('batch/v1'), undefined);
});

test('a file of another server, another format, or not JSON counts as empty; names such as "__proto__" are never found', () => {
  const file = path.join(dir, 'other.json');
  createFileDiscoveryStore(file, 'https://a.example').write('apps/v1', [deployments]);
  assert.equal(createFileDiscoveryStore(file, 'https://b.example').read('apps/v1'), undefined);
  writeFileSync(
    file,
    JSON.stringify({ version: 99, server: 'https://a.example', entries: { 'apps/v1': { at: Date.now(), resources: [deployments] } } }),
  );
  assert.equal(createFileDiscoveryStore(file, 'https://a.example').read('apps/v1'), undefined);
  writeFileSync(file, '{ not json');
  const store = createFileDiscoveryStore(file, 'https://a.example');
  assert.equal(store.read('apps/v1'), undefined);
  for (const name of ['__proto__', 'constructor', 'toString']) assert.equal(store.read(name), undefined);
});
