import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterOf, queryApps, type QueryableApp } from './app-query.js';

const app = (name: string, health: string, sync: string, extra: Partial<QueryableApp> = {}): QueryableApp => ({
  name,
  source: { repoURL: `https://git.example.com/${name}.git` },
  destination: { target: 'kubernetes', namespace: 'default' },
  status: { health: { status: health as 'Healthy' }, syncStatus: sync as 'Synced' },
  ...extra,
});

const apps: QueryableApp[] = [
  app('api', 'Healthy', 'Synced', { labels: { team: 'core' }, destination: { target: 'kubernetes', namespace: 'api', context: 'prod' } }),
  app('billing', 'Degraded', 'OutOfSync', {
    labels: { team: 'money', tier: 'gold' },
    destination: { target: 'kubernetes', namespace: 'billing', context: 'prod' },
  }),
  app('edge', 'Progressing', 'Synced', { destination: { target: 'host' } }),
  app('web', 'Healthy', 'OutOfSync', {
    labels: { team: 'core' },
    destination: { target: 'kubernetes', namespace: 'web', server: 'https://10.0.0.1:6443' },
  }),
  { name: 'new', source: { repoURL: 'https://git.example.com/new.git' }, destination: { target: 'kubernetes' }, status: undefined },
];

const cases: Array<[string, Parameters<typeof queryApps>[1], string[]]> = [
  ['no filter: every app, in the given order', {}, ['api', 'billing', 'edge', 'web', 'new']],
  ['search is a case-insensitive substring of the name', { search: 'BiLL' }, ['billing']],
  ['search also matches the repository URL', { search: 'web.git' }, ['web']],
  ['health, any of several', { health: ['Healthy', 'Progressing'] }, ['api', 'edge', 'web']],
  ['an app without status is Unknown', { health: ['Unknown'], sync: ['Unknown'] }, ['new']],
  ['sync status', { sync: ['OutOfSync'] }, ['billing', 'web']],
  ['cluster by context, server or host', { cluster: ['prod', 'host'] }, ['api', 'billing', 'edge']],
  ['namespace', { namespace: ['web', 'api'] }, ['api', 'web']],
  ['label key=value', { label: ['team=core'] }, ['api', 'web']],
  ['label key alone, and every label must match', { label: ['team', 'tier=gold'] }, ['billing']],
  ['filters combine', { sync: ['OutOfSync'], label: ['team=core'] }, ['web']],
  ['visible hides apps from everything, counts included', { visible: (a) => a.name !== 'web' }, ['api', 'billing', 'edge', 'new']],
];
for (const [why, query, names] of cases) {
  test(`queryApps: ${why}`, () => {
    assert.deepEqual(
      queryApps(apps, query).apps.map((a) => a.name),
      names,
    );
  });
}

test('a page is cut after filtering; total counts every match; facets count every visible app', () => {
  const page = queryApps(apps, { sync: ['Synced', 'OutOfSync'], offset: 1, limit: 2, visible: (a) => a.name !== 'edge' });
  assert.deepEqual(
    page.apps.map((a) => a.name),
    ['billing', 'web'],
  );
  assert.equal(page.total, 3);
  assert.deepEqual(page.facets, {
    health: { Healthy: 2, Degraded: 1, Unknown: 1 },
    sync: { Synced: 1, OutOfSync: 2, Unknown: 1 },
    clusters: ['default', 'https://10.0.0.1:6443', 'prod'],
    namespaces: ['api', 'billing', 'web'],
  });
});

test('clusterOf names host apps host, else the registered cluster, the context, the server, or default', () => {
  assert.equal(clusterOf({ target: 'host' }), 'host');
  assert.equal(clusterOf({ target: 'kubernetes', name: 'staging' }), 'staging');
  assert.equal(clusterOf({ target: 'kubernetes', name: 'in-cluster' }), 'default');
  assert.equal(clusterOf({ target: 'kubernetes', server: 'https://kubernetes.default.svc' }), 'default');
  assert.equal(clusterOf({ target: 'kubernetes', context: 'prod', server: 'x' }), 'prod');
  assert.equal(clusterOf({ target: 'kubernetes', server: 'https://k' }), 'https://k');
  assert.equal(clusterOf({ target: 'kubernetes' }), 'default');
});
