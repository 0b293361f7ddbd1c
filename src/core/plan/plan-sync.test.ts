import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Manifest } from '../model/manifest.js';
import { planSync } from './plan-sync.js';
import type { ScopeOf } from './default-namespace.js';

const cm = (name: string): Manifest => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'app' } });
const ref = (name: string) => ({ group: '', version: 'v1', kind: 'ConfigMap', namespace: 'app', name });
const scopeOf: ScopeOf = (k) => (k.kind === 'Namespace' || k.kind === 'ClusterRole' ? 'Cluster' : 'Namespaced');

describe('planSync', () => {
  test('objects that left Git are pruned when prune is on', () => {
    const plan = planSync({
      desired: [cm('a')],
      inventory: { app: 'x', objects: [ref('a'), ref('b')] },
      scopeOf,
      prune: true,
      allowEmpty: false,
    });
    assert.deepEqual(
      plan.prune.map((r) => r.name),
      ['b'],
    );
    assert.deepEqual(
      plan.nextInventory.map((r) => r.name),
      ['a'],
    );
  });

  test('objects that left Git are kept in the inventory when prune is off', () => {
    const plan = planSync({
      desired: [cm('a')],
      inventory: { app: 'x', objects: [ref('a'), ref('b')] },
      scopeOf,
      prune: false,
      allowEmpty: false,
    });
    assert.deepEqual(plan.prune, []);
    assert.deepEqual(
      plan.orphaned.map((r) => r.name),
      ['b'],
    );
    assert.deepEqual(
      plan.nextInventory.map((r) => r.name),
      ['a', 'b'],
    );
  });

  test('an empty render never prunes unless the app allows empty', () => {
    const inventory = { app: 'x', objects: [ref('a')] };
    const refused = planSync({ desired: [], inventory, scopeOf, prune: true, allowEmpty: false });
    assert.deepEqual(refused.prune, []);
    assert.match(refused.pruneRefusal ?? '', /no objects; refusing to prune 1/);
    const allowed = planSync({ desired: [], inventory, scopeOf, prune: true, allowEmpty: true });
    assert.deepEqual(
      allowed.prune.map((r) => r.name),
      ['a'],
    );
  });

  test('definitions come first, then cluster-scoped objects, then namespaced ones', () => {
    const objects: Manifest[] = [
      cm('a'),
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app' } },
      { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'crs.example.com' } },
    ];
    const plan = planSync({ desired: objects, inventory: undefined, scopeOf, prune: true, allowEmpty: false });
    assert.deepEqual(
      plan.stages.map((s) => [s.name, s.objects.map((o) => o.kind)]),
      [
        ['definitions', ['Namespace', 'CustomResourceDefinition']],
        ['cluster', ['ClusterRole']],
        ['namespaced', ['ConfigMap']],
      ],
    );
  });

  test('within a stage, objects go in kind order: a Deployment after the ConfigMap and Service listed after it', () => {
    const objects: Manifest[] = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'app' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'app' } },
      cm('a'),
    ];
    const plan = planSync({ desired: objects, inventory: undefined, scopeOf, prune: true, allowEmpty: false });
    assert.deepEqual(
      plan.stages.map((s) => [s.name, s.objects.map((o) => o.kind)]),
      [['namespaced', ['ConfigMap', 'Service', 'Deployment']]],
    );
  });

  test('the API version of an object does not change its identity', () => {
    const deploy = (apiVersion: string): Manifest => ({ apiVersion, kind: 'Deployment', metadata: { name: 'web', namespace: 'app' } });
    const plan = planSync({
      desired: [deploy('apps/v1')],
      inventory: { app: 'x', objects: [{ group: 'apps', version: 'v1beta1', kind: 'Deployment', namespace: 'app', name: 'web' }] },
      scopeOf,
      prune: true,
      allowEmpty: false,
    });
    assert.deepEqual(plan.prune, []);
  });
});
