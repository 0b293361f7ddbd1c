/**
 * The sync runner on the memory target: a real git repository and the real renderer, no control
 * plane, so each case runs in milliseconds. The Kubernetes end-to-end tests prove the same runner
 * against a real API server (sync-app.e2e.test.ts).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestRepo, type TestRepo } from '../../../test/support/git-repo.js';
import { configMap } from '../../../test/support/manifests.js';
import { resolveApplication } from '../../core/application/resolve-application.js';
import type { SyncEvent } from '../../core/sync/sync-event.js';
import { silentLogger } from '../../log/logger.js';
import { createRenderer } from '../../render/select-renderer.js';
import { createGitSource } from '../../source/git/index.js';
import { createMemoryTarget, type MemoryTarget } from '../../target/memory/memory-target.js';
import type { EngineDeps } from '../deps.js';
import { syncApplication } from './sync-app.js';

describe('the sync runner', () => {
  let cacheDir: string;
  let repo: TestRepo;
  const apps: string[] = [];
  const deps = (target: MemoryTarget): EngineDeps => ({
    source: createGitSource({ cacheDir }),
    renderer: createRenderer(),
    target,
    log: silentLogger,
    clock: () => new Date('2026-01-01T00:00:00Z'),
  });
  const app = (dir: string) => {
    const name = `app-${apps.push(dir)}`;
    return resolveApplication({
      apiVersion: 'tideway.dev/v1alpha1',
      kind: 'Application',
      metadata: { name },
      spec: {
        source: { repoURL: repo.dir, targetRevision: 'main', path: dir },
        destination: { namespace: 'shop' },
        syncPolicy: { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] },
      },
    });
  };

  before(() => {
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'tideway-sync-test-'));
    repo = createTestRepo({
      'two/a.yaml': configMap('a', '1'),
      'two/b.yaml': configMap('b', '1'),
    });
  });
  after(() => {
    repo.remove();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  test('events report the start, each step, every object as it is known, and the end, in that order', async () => {
    const events: SyncEvent[] = [];
    const result = await syncApplication(deps(createMemoryTarget()), app('two'), { onEvent: (e) => events.push(e) });
    assert.deepEqual(
      events.map((e) =>
        e.type === 'object'
          ? `object ${e.entry.action} ${e.entry.ref.kind}/${e.entry.ref.name}`
          : e.type === 'step'
            ? `step ${e.step}`
            : e.type,
      ),
      [
        'started',
        'object created Namespace/shop',
        'step namespaced',
        'object created ConfigMap/a',
        'object created ConfigMap/b',
        'finished',
      ],
    );
    assert.deepEqual(
      events.filter((e) => e.type === 'object').map((e) => (e as { entry: unknown }).entry),
      result.entries,
    );
    assert.deepEqual(events.at(-1), { type: 'finished', phase: 'Succeeded', health: 'Healthy', message: undefined });
  });

  test('a sync where an apply failed prunes nothing, and says so', async () => {
    const target = createMemoryTarget();
    const shop = app('two');
    await syncApplication(deps(target), shop);
    repo.commit({ 'two/b.yaml': null, 'two/a.yaml': configMap('a', '2') }, 'drop b, change a');
    const failing = createMemoryTarget({ fail: (o) => (o.metadata.name === 'a' ? 'the API server refused it' : undefined) });
    const failingDeps = { ...deps(failing), target: failing };
    // The same live objects and inventory, behind a target that now refuses the change to a.
    for (const live of await target.getLive([{ group: '', version: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'b' }]))
      failing.put(live!);
    await failing.writeInventory({ name: shop.name }, (await target.readInventory({ name: shop.name }))!);
    const result = await syncApplication(failingDeps, shop);
    assert.equal(result.phase, 'Failed');
    assert.deepEqual(
      result.entries.map((e) => `${e.action} ${e.ref.kind}/${e.ref.name}`),
      ['created Namespace/shop', 'failed ConfigMap/a'],
    );
    assert.match(result.message!, /1 object\(s\) not pruned: 1 apply failure\(s\) in this sync/);
    assert.equal(
      (await failing.getLive([{ group: '', version: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'b' }]))[0]?.metadata.name,
      'b',
    );
    repo.commit({ 'two/b.yaml': configMap('b', '1'), 'two/a.yaml': configMap('a', '1') }, 'restore');
  });

  test('what left Git is pruned dependants first, definitions last', async () => {
    const target = createMemoryTarget();
    repo.commit(
      {
        'prune/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: { name: extra }\n',
        'prune/cm.yaml': configMap('conf', '1'),
        'prune/deploy.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec: { selector: { matchLabels: { a: b } }, template: { metadata: { labels: { a: b } }, spec: { containers: [{ name: c, image: i }] } } }\n',
      },
      'three kinds',
    );
    const shop = app('prune');
    await syncApplication(deps(target), shop);
    repo.commit(
      { 'prune/ns.yaml': null, 'prune/cm.yaml': null, 'prune/deploy.yaml': null, 'prune/keep.yaml': configMap('keep', '1') },
      'empty',
    );
    target.writes.length = 0;
    await syncApplication(deps(target), shop);
    assert.deepEqual(
      target.writes.filter((w) => w.startsWith('prune')),
      ['prune Deployment/shop/web', 'prune ConfigMap/shop/conf', 'prune Namespace/extra'],
    );
  });

  test('an empty render while the app owns objects fails the sync, says why, and prunes nothing', async () => {
    const target = createMemoryTarget();
    repo.commit({ 'empty/a.yaml': configMap('a', '1'), 'empty/b.yaml': configMap('b', '1') }, 'two objects');
    const shop = app('empty');
    assert.equal((await syncApplication(deps(target), shop)).phase, 'Succeeded');
    repo.commit({ 'empty/a.yaml': null, 'empty/b.yaml': null, 'empty/none.yaml': '# nothing here\n' }, 'everything gone');
    target.writes.length = 0;
    const result = await syncApplication(deps(target), shop);
    assert.equal(result.phase, 'Failed');
    assert.match(result.message ?? '', /rendering produced no objects while the app owns 2; an empty render is not applied/);
    assert.deepEqual(
      target.writes.filter((w) => w.startsWith('prune')),
      [],
    );
  });

  test('failed applies make the app Degraded, objects missing live make a comparison Missing', async () => {
    repo.commit(
      { 'health/a.yaml': configMap('a', '1'), 'health/b.yaml': configMap('b', '1'), 'health/c.yaml': configMap('c', '1') },
      'three',
    );
    const shop = app('health');
    const failing = createMemoryTarget({
      fail: (o) => (o.kind === 'ConfigMap' && o.metadata.name !== 'a' ? 'the API server refused it' : undefined),
    });
    const failed = await syncApplication({ ...deps(failing), target: failing }, shop);
    assert.equal(failed.phase, 'Failed');
    assert.equal(failed.health, 'Degraded');

    const target = createMemoryTarget();
    assert.equal((await syncApplication(deps(target), shop)).health, 'Healthy');
    for (const name of ['b', 'c']) target.edit({ group: '', version: 'v1', kind: 'ConfigMap', namespace: 'shop', name }, () => undefined);
    const compared = await syncApplication(deps(target), shop, { dryRun: true });
    assert.equal(compared.health, 'Missing');
  });

  test("an app's policies are checked before any write: a Deny violation writes nothing", async () => {
    const policy = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: no-latest }
spec:
  failurePolicy: Fail
  matchConstraints: { resourceRules: [{ apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments] }] }
  validations: [{ expression: "object.spec.template.spec.containers.all(c, !c.image.endsWith(':latest'))", message: "images must not use the latest tag" }]
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: no-latest }
spec: { policyName: no-latest, validationActions: [Deny] }
`;
    const deploy = (image: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec: { selector: { matchLabels: { a: b } }, template: { metadata: { labels: { a: b } }, spec: { containers: [{ name: c, image: "${image}" }] } } }\n`;
    repo.commit(
      { 'guarded/deploy.yaml': deploy('nginx:latest'), 'guarded/conf.yaml': configMap('conf', '1'), 'policies/no-latest.yaml': policy },
      'latest',
    );
    const target = createMemoryTarget();
    const guarded = resolveApplication({
      apiVersion: 'tideway.dev/v1alpha1',
      kind: 'Application',
      metadata: { name: 'guarded' },
      spec: {
        source: { repoURL: repo.dir, targetRevision: 'main', path: 'guarded' },
        destination: { namespace: 'shop' },
        policies: { path: 'policies' },
      },
    });
    await assert.rejects(syncApplication(deps(target), guarded), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'PolicyDenied');
      assert.match(e.message, /Deployment\/shop\/web: .*images must not use the latest tag/);
      return true;
    });
    assert.deepEqual(target.writes, [], 'nothing written, not even the ConfigMap the policy does not concern');
    repo.commit({ 'guarded/deploy.yaml': deploy('nginx:1.27') }, 'pinned');
    assert.equal((await syncApplication(deps(target), guarded)).phase, 'Succeeded');
  });
});
