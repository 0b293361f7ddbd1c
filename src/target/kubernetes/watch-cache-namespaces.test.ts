import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Manifest } from '../../core/model/manifest.js';
import { APP_LABEL } from '../../core/inventory/ownership.js';
import type { ResourceInfo } from './resource-info.js';
import type { RestClient } from './rest-client.js';
import { createWatchCache } from './watch-cache.js';

const configMaps: ResourceInfo = { group: '', version: 'v1', kind: 'ConfigMap', name: 'configmaps', namespaced: true };
const clusterRoles: ResourceInfo = {
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  kind: 'ClusterRole',
  name: 'clusterroles',
  namespaced: false,
};
const cm = (namespace: string): Manifest => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'a', namespace, resourceVersion: '5', labels: { [APP_LABEL]: 'web' } },
});

/** Records every path listed and watched; each namespace's list holds one object of app `web`. */
function recordingClient() {
  const lists: string[] = [];
  const watches: string[] = [];
  const client: RestClient = {
    server: 'https://recording',
    contextName: 'recording',
    async request(_method, path) {
      lists.push(path);
      const ns = /\/namespaces\/([^/]+)\//.exec(path)?.[1];
      return { status: 200, body: { items: ns ? [cm(ns)] : [], metadata: { resourceVersion: '5' } } } as never;
    },
    stream(path, _query, _onLine, signal) {
      watches.push(path);
      return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
    },
    close() {},
  };
  return { client, lists, watches };
}

test('a cache scoped to namespaces lists and watches each namespace, never cluster-wide, and refuses what is outside', async () => {
  const api = recordingClient();
  const cache = createWatchCache(api.client, { namespaces: ['team-a', 'team-b'] });
  try {
    await cache.ensure(configMaps, 'team-a');
    await cache.ensure(configMaps, 'team-b');
    await cache.ensure(configMaps, 'team-a');
    await assert.rejects(cache.ensure(configMaps, 'default'), /configmaps in default: outside the watched namespaces/);
    await assert.rejects(cache.ensure(configMaps), /outside the watched namespaces/);
    await assert.rejects(cache.ensure(clusterRoles), /clusterroles: outside the watched namespaces/);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(api.lists, ['/api/v1/namespaces/team-a/configmaps', '/api/v1/namespaces/team-b/configmaps']);
    assert.deepEqual(api.watches, ['/api/v1/namespaces/team-a/configmaps', '/api/v1/namespaces/team-b/configmaps']);
    assert.deepEqual(
      cache.owned(configMaps, 'web', 'team-b').map((o) => o.metadata.namespace),
      ['team-b'],
    );
    assert.ok(cache.synced(configMaps, 'team-a') && !cache.synced(configMaps, 'default'));
  } finally {
    cache.close();
  }
});

test('an unscoped cache keeps one cluster-wide list and watch per kind', async () => {
  const api = recordingClient();
  const cache = createWatchCache(api.client);
  try {
    await cache.ensure(configMaps, 'team-a');
    await cache.ensure(configMaps, 'team-b');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(api.lists, ['/api/v1/configmaps']);
    assert.deepEqual(api.watches, ['/api/v1/configmaps']);
  } finally {
    cache.close();
  }
});
