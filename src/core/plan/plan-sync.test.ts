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

describe('planSync: a CRD that left Git is not pruned while resources of it remain', () => {
  const crdRef = (name: string) => ({ group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition', name });
  const crontab = (name: string): Manifest => ({
    apiVersion: 'stable.example.com/v1',
    kind: 'CronTab',
    metadata: { name, namespace: 'app' },
  });
  const crontabRef = (name: string) => ({ group: 'stable.example.com', version: 'v1', kind: 'CronTab', namespace: 'app', name });
  const cases: Array<{
    name: string;
    desired: Manifest[];
    inventory: ReturnType<typeof ref | typeof crdRef | typeof crontabRef>[];
    prune?: boolean;
    pruneCRDsWithResources?: boolean;
    pruned: string[];
    kept: RegExp[];
  }> = [
    {
      name: 'its custom resources are still in Git: kept, with why',
      desired: [crontab('nightly')],
      inventory: [crdRef('crontabs.stable.example.com'), crontabRef('nightly')],
      pruned: [],
      kept: [
        /^CustomResourceDefinition\/crontabs\.stable\.example\.com not pruned: resources of group stable\.example\.com remain \(CronTab\/app\/nightly\)/,
      ],
    },
    {
      name: 'its custom resources left Git too: both pruned (resources first, see prune-order)',
      desired: [cm('a')],
      inventory: [crdRef('crontabs.stable.example.com'), crontabRef('nightly'), ref('a')],
      pruned: ['nightly', 'crontabs.stable.example.com'],
      kept: [],
    },
    {
      name: 'PruneCRDsWithResources=true prunes it anyway',
      desired: [crontab('nightly')],
      inventory: [crdRef('crontabs.stable.example.com'), crontabRef('nightly')],
      pruneCRDsWithResources: true,
      pruned: ['crontabs.stable.example.com'],
      kept: [],
    },
    {
      name: 'a CRD of another group is pruned',
      desired: [crontab('nightly')],
      inventory: [crdRef('widgets.other.example.com'), crontabRef('nightly')],
      pruned: ['widgets.other.example.com'],
      kept: [],
    },
    {
      name: 'prune off: nothing pruned, nothing to explain',
      desired: [crontab('nightly')],
      inventory: [crdRef('crontabs.stable.example.com'), crontabRef('nightly')],
      prune: false,
      pruned: [],
      kept: [],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const plan = planSync({
        desired: c.desired,
        inventory: { app: 'x', objects: c.inventory },
        scopeOf,
        prune: c.prune ?? true,
        allowEmpty: false,
        pruneCRDsWithResources: c.pruneCRDsWithResources,
      });
      assert.deepEqual(
        plan.pruneWaves.flat().map((r) => r.name),
        c.pruned,
      );
      assert.equal(plan.pruneNotes.length, c.kept.length);
      c.kept.forEach((re, i) => assert.match(plan.pruneNotes[i], re));
      for (const kept of plan.orphaned)
        assert.ok(
          plan.nextInventory.some((r) => r.name === kept.name),
          'a kept object stays in the inventory',
        );
    });
  }
});

test('planSync: an empty render while the app owns objects is refused, whether prune is on or off, unless allowEmpty', () => {
  const inventory = { app: 'x', objects: [ref('a'), ref('b')] };
  for (const prune of [true, false]) {
    const plan = planSync({ desired: [], inventory, scopeOf, prune, allowEmpty: false });
    assert.match(
      plan.emptyRender ?? '',
      /^rendering produced no objects while the app owns 2; an empty render is not applied \(set allowEmpty/,
    );
    assert.deepEqual(plan.prune, []);
  }
  assert.equal(planSync({ desired: [], inventory, scopeOf, prune: true, allowEmpty: true }).emptyRender, undefined);
  assert.equal(planSync({ desired: [], inventory: undefined, scopeOf, prune: true, allowEmpty: false }).emptyRender, undefined);
});
