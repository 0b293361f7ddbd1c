/**
 * Sync waves and hooks against a real API server and the real controllers of the test control plane.
 * No kubelet runs Pods: where a hook or a wave waits on a Job, the test writes the status of the Pod
 * the Job controller created (Succeeded or Failed), as a node would, and the Job controller then
 * marks the Job Complete or Failed.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Manifest } from '../../core/model/manifest.js';
import { refString } from '../../core/model/object-ref.js';
import type { SyncEvent } from '../../core/sync/sync-event.js';
import { createTestRepo, type TestRepo } from '../../../test/support/git-repo.js';
import { configMap, deployment } from '../../../test/support/manifests.js';
import {
  createEngineFixture,
  deleteNamespace,
  getObject,
  testApp,
  uniqueName,
  watchRequests,
} from '../../../test/support/engine-fixture.js';
import { endJobPod } from '../../../test/support/jobs.js';
import { listObjects, waitFor } from '../../../test/support/kube.js';
import { syncApplication } from './sync-app.js';

const annotated = (text: string, annotations: Record<string, string>) =>
  text.replace(
    /^metadata:\n/m,
    `metadata:\n  annotations:\n${Object.entries(annotations)
      .map(([k, v]) => `    ${k}: "${v}"\n`)
      .join('')}`,
  );

const job = (name: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: main, image: busybox:1.36 }]
`;

const rv = (o: Manifest | undefined) => BigInt(String(o?.metadata.resourceVersion ?? '0'));

/** Events as short lines, to check their order. */
function eventLog(events: SyncEvent[]): string[] {
  return events.flatMap((e) => {
    if (e.type === 'wave') return [`wave ${e.phase} ${e.wave}`];
    if (e.type === 'hook') return [`hook ${e.status} ${e.ref.kind}/${e.ref.name}`];
    if (e.type === 'object') return [`${e.entry.action} ${e.entry.ref.kind}/${e.entry.ref.name}`];
    return [];
  });
}

describe('sync waves and hooks against a real API server', () => {
  const fx = createEngineFixture();
  const namespaces: string[] = [];
  const repos: TestRepo[] = [];
  const setup = (prefix: string, files: Record<string, string>) => {
    const ns = uniqueName(prefix);
    namespaces.push(ns);
    const repo = createTestRepo(files);
    repos.push(repo);
    return { ns, repo, app: testApp(uniqueName(prefix), repo.dir, ns) };
  };

  after(async () => {
    for (const ns of namespaces) await deleteNamespace(fx.target, ns);
    for (const r of repos) r.remove();
    fx.close();
  });

  test('waves are applied in order, and a wave is healthy before the next starts (creation order, resourceVersions and events)', async () => {
    const { ns, app } = setup('waves', {
      'manifests/first.yaml': annotated(configMap('first', '1'), { 'tideway.dev/sync-wave': '-1' }),
      'manifests/gate.yaml': job('gate'),
      'manifests/last.yaml': annotated(configMap('last', '1'), { 'argocd.argoproj.io/sync-wave': '1' }),
    });
    const events: SyncEvent[] = [];
    const syncing = syncApplication(fx, app, { onEvent: (e) => events.push(e), timeoutMs: 60_000 });
    await endJobPodWhenAbsent(ns, 'gate', 'last');
    const result = await syncing;
    assert.equal(result.phase, 'Succeeded', result.message);
    const [first, gate, last] = await Promise.all([
      getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/first`),
      getObject(fx.target, `/apis/batch/v1/namespaces/${ns}/jobs/gate`),
      getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/last`),
    ]);
    assert.ok(rv(first) > 0n && gate && last);
    // The Job's resourceVersion moves as its controller writes status: its uid's creation is what counts.
    assert.ok(new Date(String(gate.metadata.creationTimestamp)) <= new Date(String(last.metadata.creationTimestamp)));
    assert.ok(rv(first) < rv(last), 'wave -1 was written before wave 1');
    assert.deepEqual(
      eventLog(events).filter((l) => l.startsWith('wave') || l.startsWith('created ConfigMap') || l.startsWith('created Job')),
      ['wave Sync -1', 'created ConfigMap/first', 'wave Sync 0', 'created Job/gate', 'wave Sync 1', 'created ConfigMap/last'],
    );
    const healthy = events.findIndex((e) => e.type === 'health' && e.ref.name === 'gate' && e.health.status === 'Healthy');
    const lastCreated = events.findIndex((e) => e.type === 'object' && e.entry.ref.name === 'last');
    assert.ok(healthy >= 0 && healthy < lastCreated, 'the Job of wave 0 was Healthy before wave 1 was applied');

    /** The Job runs while the object of the next wave does not exist yet; then its Pod succeeds. */
    async function endJobPodWhenAbsent(namespace: string, jobName: string, laterObject: string) {
      await waitFor(`Job ${jobName}`, () => getObject(fx.target, `/apis/batch/v1/namespaces/${namespace}/jobs/${jobName}`), {
        timeoutMs: 20_000,
      });
      await new Promise((r) => setTimeout(r, 500)); // give the runner time to (wrongly) move on
      assert.equal(await getObject(fx.target, `/api/v1/namespaces/${namespace}/configmaps/${laterObject}`), undefined);
      await endJobPod(namespace, jobName, 'Succeeded');
    }
  });

  test('a PreSync Job completes before the Deployment is applied, a PostSync hook named by generateName runs after, and HookSucceeded deletes the Job', async () => {
    const { ns, app } = setup('presync', {
      'manifests/migrate.yaml': annotated(job('migrate'), {
        'tideway.dev/hook': 'PreSync',
        'tideway.dev/hook-delete-policy': 'HookSucceeded',
      }),
      'manifests/web.yaml': deployment('web', '  replicas: 0\n'),
      'manifests/smoke.yaml': annotated(configMap('smoke', '1').replace('  name: smoke\n', '  generateName: smoke-\n'), {
        'argocd.argoproj.io/hook': 'PostSync',
      }),
    });
    const events: SyncEvent[] = [];
    const syncing = syncApplication(fx, app, { onEvent: (e) => events.push(e), timeoutMs: 60_000 });
    await waitFor('the PreSync Job', () => getObject(fx.target, `/apis/batch/v1/namespaces/${ns}/jobs/migrate`), { timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(
      await getObject(fx.target, `/apis/apps/v1/namespaces/${ns}/deployments/web`),
      undefined,
      'not applied while the PreSync hook runs',
    );
    await endJobPod(ns, 'migrate', 'Succeeded');
    const result = await syncing;
    assert.equal(result.phase, 'Succeeded', result.message);

    const log = eventLog(events);
    const at = (line: string) => log.findIndex((l) => l.startsWith(line));
    assert.ok(at('hook Succeeded Job/migrate') >= 0 && at('hook Succeeded Job/migrate') < at('created Deployment/web'), log.join('\n'));
    assert.ok(at('hook Deleted Job/migrate') > at('hook Succeeded Job/migrate'));
    assert.ok(at('created ConfigMap/smoke-') > at('created Deployment/web'), 'the PostSync hook runs after the Sync phase');
    assert.ok(await getObject(fx.target, `/apis/apps/v1/namespaces/${ns}/deployments/web`));
    await waitFor(
      'the Job deleted',
      async () => ((await getObject(fx.target, `/apis/batch/v1/namespaces/${ns}/jobs/migrate`)) ? undefined : true),
      {
        timeoutMs: 20_000,
      },
    );
    const smokes = (await listObjects('v1', 'ConfigMap', { namespace: ns })).filter((c) => c.metadata?.name?.startsWith('smoke-'));
    assert.equal(smokes.length, 1);
    assert.match(String(smokes[0].metadata?.name), /^smoke-[bcdfghjklmnpqrstvwxz2456789]{5}$/);

    // Hooks are not the app's objects: not in the inventory, so never pruned as such.
    const inventory = await fx.target.readInventory({ name: app.name, inventoryNamespace: ns });
    assert.deepEqual(
      inventory?.objects.map((r) => `${r.kind}/${r.name}`),
      ['Deployment/web'],
    );
    // History: the hook's entry says how its run ended.
    const migrate = result.entries.find((e) => e.ref.name === 'migrate');
    assert.equal(migrate?.hook, 'PreSync');
    assert.equal(migrate?.health?.status, 'Healthy');
  });

  test('a failing PreSync hook stops the sync before any object is written, runs the SyncFail hook, and HookFailed deletes it', async () => {
    const { ns, app } = setup('fail', {
      'manifests/migrate.yaml': annotated(job('migrate'), { 'tideway.dev/hook': 'PreSync', 'helm.sh/hook-delete-policy': 'hook-failed' }),
      'manifests/conf.yaml': configMap('conf', '1'),
      'manifests/web.yaml': deployment('web', '  replicas: 0\n'),
      'manifests/notice.yaml': annotated(configMap('failed-notice', '1'), { 'tideway.dev/hook': 'SyncFail' }),
    });
    const events: SyncEvent[] = [];
    const syncing = syncApplication(fx, app, { onEvent: (e) => events.push(e), timeoutMs: 60_000 });
    await endJobPod(ns, 'migrate', 'Failed');
    const result = await syncing;
    assert.equal(result.phase, 'Failed');
    assert.match(result.message ?? '', new RegExp(`PreSync hook Job/${ns}/migrate failed`));
    assert.equal(await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/conf`), undefined);
    assert.equal(await getObject(fx.target, `/apis/apps/v1/namespaces/${ns}/deployments/web`), undefined);
    assert.ok(await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/failed-notice`), 'the SyncFail hook ran');
    const skipped = result.entries.filter((e) => e.reason === 'EarlierWaveFailed').map((e) => refString(e.ref));
    assert.deepEqual(skipped.sort(), [`ConfigMap/${ns}/conf`, `Deployment/${ns}/web`]);
    const log = eventLog(events);
    assert.ok(log.includes('hook Failed Job/migrate') && log.includes('hook Deleted Job/migrate'), log.join('\n'));
    assert.ok(log.indexOf('created ConfigMap/failed-notice') > log.indexOf('hook Failed Job/migrate'));
  });

  test('BeforeHookCreation (the default) deletes the last run before the next; HookSucceeded leaves nothing behind', async () => {
    const { ns, app } = setup('policy', {
      'manifests/app.yaml': configMap('app', '1'),
      'manifests/keep.yaml': annotated(configMap('keep', '1'), { 'tideway.dev/hook': 'PreSync' }),
      'manifests/once.yaml': annotated(configMap('once', '1'), {
        'tideway.dev/hook': 'PostSync',
        'tideway.dev/hook-delete-policy': 'HookSucceeded',
      }),
    });
    const first = await syncApplication(fx, app, { timeoutMs: 30_000 });
    assert.equal(first.phase, 'Succeeded', first.message);
    const keep1 = await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/keep`);
    assert.ok(keep1, 'a BeforeHookCreation hook stays after its run');
    assert.equal(await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/once`), undefined);
    const second = await syncApplication(fx, app, { timeoutMs: 30_000 });
    assert.equal(second.phase, 'Succeeded', `${second.message} ${JSON.stringify(second.entries)}`);
    const keep2 = await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/keep`);
    assert.ok(keep2 && keep2.metadata.uid !== keep1.metadata.uid, 'the hook was deleted and created again');
    assert.deepEqual(
      second.entries.filter((e) => !e.hook).map((e) => `${e.action} ${e.ref.name}`),
      ['unchanged app'],
    );
  });

  test("a Helm chart's pre-install and post-install hooks run as PreSync and PostSync hooks, ordered by their weights", async () => {
    const hook = (name: string, when: string, weight: string) =>
      annotated(configMap(name, '1'), {
        'helm.sh/hook': when,
        'helm.sh/hook-weight': weight,
        'helm.sh/hook-delete-policy': 'before-hook-creation',
      });
    const { ns, app } = setup('helm', {
      'manifests/Chart.yaml': 'apiVersion: v2\nname: hooked\nversion: 0.1.0\n',
      'manifests/values.yaml': 'greeting: hello\n',
      'manifests/templates/conf.yaml': configMap('{{ .Release.Name }}-conf', '{{ .Values.greeting }}'),
      'manifests/templates/pre-b.yaml': hook('pre-b', 'pre-install,pre-upgrade', '5'),
      'manifests/templates/pre-a.yaml': hook('pre-a', 'pre-install', '-5'),
      'manifests/templates/post.yaml': hook('post', 'post-install', '0'),
      'manifests/templates/test.yaml': hook('test', 'test', '0'),
    });
    const events: SyncEvent[] = [];
    const result = await syncApplication(fx, app, { onEvent: (e) => events.push(e), timeoutMs: 30_000 });
    assert.equal(result.phase, 'Succeeded', result.message);
    const log = eventLog(events).filter((l) => (l.startsWith('created') && !l.startsWith('created Namespace')) || l.startsWith('wave'));
    assert.deepEqual(log, [
      'wave PreSync -5',
      'created ConfigMap/pre-a',
      'wave PreSync 5',
      'created ConfigMap/pre-b',
      'wave Sync 0',
      `created ConfigMap/${app.name}-conf`,
      'wave PostSync 0',
      'created ConfigMap/post',
    ]);
    assert.equal(await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/test`), undefined, 'a Helm test hook is not run');
    const inventory = await fx.target.readInventory({ name: app.name, inventoryNamespace: ns });
    assert.deepEqual(
      inventory?.objects.map((r) => r.name),
      [`${app.name}-conf`],
    );
  });

  test('objects that left Git are pruned in reverse wave order', async () => {
    const { ns, repo, app } = setup('prune', {
      'manifests/a.yaml': configMap('a', '1'),
      'manifests/b.yaml': annotated(configMap('b', '1'), { 'tideway.dev/sync-wave': '1' }),
      'manifests/c.yaml': annotated(configMap('c', '1'), { 'tideway.dev/sync-wave': '2' }),
      'manifests/z.yaml': annotated(configMap('z', '1'), { 'tideway.dev/sync-wave': '-1' }),
      'manifests/stay.yaml': configMap('stay', '1'),
    });
    assert.equal((await syncApplication(fx, app, { timeoutMs: 30_000 })).phase, 'Succeeded');
    repo.commit({ 'manifests/a.yaml': null, 'manifests/b.yaml': null, 'manifests/c.yaml': null, 'manifests/z.yaml': null });
    const deletes: string[] = [];
    const stop = watchRequests(fx.target, (method, path) => {
      if (method === 'DELETE' && path.includes(`/namespaces/${ns}/configmaps/`)) deletes.push(path.split('/').pop()!);
    });
    try {
      const result = await syncApplication(fx, app, { timeoutMs: 30_000 });
      assert.equal(result.phase, 'Succeeded', result.message);
    } finally {
      stop();
    }
    assert.deepEqual(deletes, ['c', 'b', 'a', 'z']);
  });
});
