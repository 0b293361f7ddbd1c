/**
 * PostDelete hooks against the real API server and the real Job controller: an app deleted with
 * cascade has its objects pruned, then its PostDelete hooks (rendered from the last synced revision)
 * run. No kubelet runs Pods: the test ends each hook Job's Pod (Succeeded or Failed) as a node would.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { refString } from '../core/model/object-ref.js';
import type { SyncEvent } from '../core/sync/sync-event.js';
import { createTestRepo, type TestRepo } from '../../test/support/git-repo.js';
import { configMap } from '../../test/support/manifests.js';
import { createEngineFixture, deleteNamespace, getObject, testApp, uniqueName } from '../../test/support/engine-fixture.js';
import { endJobPod } from '../../test/support/jobs.js';
import { listObjects } from '../../test/support/kube.js';
import { deleteApplication } from './delete-app.js';
import { syncApplication } from './sync/sync-app.js';

const hookJob = (name: string, annotations: Record<string, string>) => `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
  annotations:
${Object.entries(annotations)
  .map(([k, v]) => `    ${k}: ${v}\n`)
  .join('')}spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: main, image: busybox:1.36 }]
`;

describe('PostDelete hooks when an app is deleted', () => {
  const fx = createEngineFixture();
  const namespaces: string[] = [];
  const repos: TestRepo[] = [];
  after(async () => {
    for (const ns of namespaces) await deleteNamespace(fx.target, ns);
    for (const r of repos) r.remove();
    fx.close();
  });

  test('run after the prune, from the last synced revision; a succeeded hook is deleted, a failed one is kept and reported', async () => {
    const ns = uniqueName('post-delete');
    namespaces.push(ns);
    const repo = createTestRepo({
      'manifests/settings.yaml': configMap('settings', 'v1'),
      'manifests/cleanup.yaml': hookJob('cleanup', { 'tideway.dev/hook': 'PostDelete' }),
      'manifests/notify.yaml': hookJob('notify', { 'argocd.argoproj.io/hook': 'PostDelete' }),
    });
    repos.push(repo);
    const app = testApp(uniqueName('post-delete'), repo.dir, ns);
    const synced = await syncApplication(fx, app, { timeoutMs: 60_000 });
    assert.equal(synced.phase, 'Succeeded', synced.message);
    assert.deepEqual(
      (await listObjects('batch/v1', 'Job', { namespace: ns })).map((j) => j.metadata?.name),
      [],
      'a sync does not run PostDelete hooks',
    );
    // A later commit drops the hooks: the ones that run are those of the revision last synced.
    repo.commit({ 'manifests/cleanup.yaml': null, 'manifests/notify.yaml': null }, 'drop the hooks');

    const events: SyncEvent[] = [];
    const deleting = deleteApplication(fx, app, { revision: synced.revision.sha, timeoutMs: 60_000, onEvent: (e) => events.push(e) });
    await endJobPod(ns, 'cleanup', 'Succeeded');
    assert.equal(await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/settings`), undefined, 'pruned before the hooks ran');
    await endJobPod(ns, 'notify', 'Failed');
    const result = await deleting;

    assert.equal(result.pruned, 1);
    assert.equal(result.revision, synced.revision.sha);
    assert.deepEqual(
      result.hooks.map((h) => [refString(h.ref), h.status]),
      [
        [`Job/${ns}/cleanup`, 'Succeeded'],
        [`Job/${ns}/notify`, 'Failed'],
      ],
    );
    assert.match(result.problem ?? '', new RegExp(`PostDelete hook Job/${ns}/notify failed`));
    const hookEvents = events.filter((e) => e.type === 'hook').map((e) => `${e.status} ${e.ref.name}`);
    assert.ok(hookEvents.includes('Running cleanup') && hookEvents.includes('Running notify'), hookEvents.join(', '));
    const cleanup = await getObject(fx.target, `/apis/batch/v1/namespaces/${ns}/jobs/cleanup`);
    assert.ok(!cleanup || cleanup.metadata.deletionTimestamp, 'the succeeded hook is deleted (its default policy has no next run)');
    assert.ok(await getObject(fx.target, `/apis/batch/v1/namespaces/${ns}/jobs/notify`), 'the failed hook is kept for inspection');
    assert.deepEqual((await fx.target.readInventory({ name: app.name, inventoryNamespace: ns }))?.objects ?? [], []);
  });

  test('a hook that never ends does not block the deletion: the wait times out and says so', async () => {
    const ns = uniqueName('post-delete-slow');
    namespaces.push(ns);
    const repo = createTestRepo({
      'manifests/settings.yaml': configMap('settings', 'v1'),
      'manifests/slow.yaml': hookJob('slow', { 'tideway.dev/hook': 'PostDelete' }),
    });
    repos.push(repo);
    const app = testApp(uniqueName('post-delete-slow'), repo.dir, ns);
    const synced = await syncApplication(fx, app, { timeoutMs: 60_000 });
    assert.equal(synced.phase, 'Succeeded', synced.message);
    const started = Date.now();
    const result = await deleteApplication(fx, app, { revision: synced.revision.sha, timeoutMs: 2_000 });
    assert.ok(Date.now() - started < 20_000);
    assert.equal(result.pruned, 1);
    assert.deepEqual(
      result.hooks.map((h) => h.status),
      ['Running'],
    );
    assert.match(result.problem ?? '', /PostDelete wave 0: timed out after 2s waiting for Job\/.*\/slow/);
  });
});
