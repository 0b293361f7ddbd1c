import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { createTestRepo, type TestRepo } from '../../test/support/git-repo.js';
import { configMap, deployment } from '../../test/support/manifests.js';
import { deleteNamespace, getObject, uniqueName } from '../../test/support/engine-fixture.js';
import { appYaml, eventually, sendWebhook, startAgentFixture, type AgentFixture } from '../../test/support/agent-fixture.js';
import { createKubernetesTarget, type KubernetesTarget } from '../target/kubernetes/index.js';
import { testKubeconfigPath } from '../../test/support/engine-fixture.js';
import path from 'node:path';
import { startGitHttpServer } from '../source/git/testing/git-http-server.js';

const cm = configMap;

describe('the agent against a real API server', () => {
  let fx: AgentFixture;
  let kube: KubernetesTarget;
  const namespaces: string[] = [];
  const repos: TestRepo[] = [];
  const newNamespace = () => {
    const ns = uniqueName('agent');
    namespaces.push(ns);
    return ns;
  };
  const newRepo = (files: Record<string, string>) => {
    const r = createTestRepo(files);
    repos.push(r);
    return r;
  };
  const cmValue = async (ns: string, name: string) =>
    ((await getObject(kube, `/api/v1/namespaces/${ns}/configmaps/${name}`))?.data as Record<string, string> | undefined)?.value;
  const status = async (app: string) => (await fx.agent.control.getApp(app))?.status;

  before(async () => {
    fx = await startAgentFixture();
    kube = createKubernetesTarget({ kubeconfig: testKubeconfigPath() });
  });
  after(async () => {
    await fx.close();
    for (const ns of namespaces) await deleteNamespace(kube, ns);
    kube.close();
    for (const r of repos) r.remove();
  });

  test('an app added to the apps directory is synced, and a commit reaches the cluster by polling', async () => {
    const ns = newNamespace();
    const name = uniqueName('poll');
    const repo = newRepo({ 'manifests/a.yaml': cm('a', '1') });
    fx.writeApp(name, appYaml(name, repo.dir, ns, { interval: '1s' }));
    await eventually('first sync', async () => (await cmValue(ns, 'a')) === '1');
    repo.commit({ 'manifests/a.yaml': cm('a', '2') }, 'second');
    await eventually('the polled commit applied', async () => (await cmValue(ns, 'a')) === '2');
    const history = (await fx.agent.control.history(name))!;
    assert.equal(history[0].trigger, 'poll');
    assert.equal(history[0].who, 'Ada Tester');
    assert.equal(history[0].revision.message, 'second');
  });

  test('a verified webhook applies a commit at once; a forged one is refused and changes nothing', async () => {
    const ns = newNamespace();
    const name = uniqueName('hook');
    const repo = newRepo({ 'manifests/a.yaml': cm('a', '1') });
    fx.writeApp(name, appYaml(name, repo.dir, ns));
    await eventually('first sync', async () => (await cmValue(ns, 'a')) === '1');
    repo.commit({ 'manifests/a.yaml': cm('a', 'forged') });
    const forged = await sendWebhook(fx.agent, { repoURL: repo.dir, branch: 'main' }, 'wrong-secret');
    assert.equal(forged.status, 401);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await cmValue(ns, 'a'), '1', 'a forged webhook changes nothing');
    assert.ok((await fx.agent.control.audit({ limit: 50 })).some((e) => e.action === 'webhook.rejected'));
    const started = Date.now();
    const ok = await sendWebhook(fx.agent, { repoURL: repo.dir, branch: 'main', paths: ['manifests/a.yaml'] });
    assert.equal(ok.status, 202);
    assert.deepEqual(((await ok.json()) as { apps: string[] }).apps, [name]);
    await eventually('the pushed commit applied', async () => (await cmValue(ns, 'a')) === 'forged');
    // Long before the next poll (the app polls hourly here): the webhook, not the poll, applied it.
    assert.ok(Date.now() - started < 15_000, `applied in ${Date.now() - started} ms`);
    assert.equal((await fx.agent.control.history(name))![0].trigger, 'webhook');
  });

  test('a hand edit and a deletion are healed, and an HPA-owned field is left alone', async () => {
    const ns = newNamespace();
    const name = uniqueName('heal');
    const repo = newRepo({ 'manifests/a.yaml': cm('a', '1'), 'manifests/web.yaml': deployment('web') });
    fx.writeApp(name, appYaml(name, repo.dir, ns));
    await eventually(
      'first sync',
      async () => (await cmValue(ns, 'a')) === '1' && getObject(kube, `/apis/apps/v1/namespaces/${ns}/deployments/web`),
    );
    // An autoscaler owns spec.replicas (Git does not set it).
    const hpa = await kube.client.request('PATCH', `/apis/apps/v1/namespaces/${ns}/deployments/web`, {
      query: { fieldManager: 'horizontal-pod-autoscaler', force: 'true' },
      contentType: 'application/apply-patch+yaml',
      body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: ns }, spec: { replicas: 3 } },
    });
    assert.equal(hpa.status, 200);
    await kube.client.request('PATCH', `/api/v1/namespaces/${ns}/configmaps/a`, {
      body: { data: { value: 'hand-edited' } },
      contentType: 'application/merge-patch+json',
    });
    await eventually('the hand edit healed', async () => (await cmValue(ns, 'a')) === '1', 5000);
    await kube.client.request('DELETE', `/api/v1/namespaces/${ns}/configmaps/a`);
    await eventually('the deletion healed', async () => (await cmValue(ns, 'a')) === '1', 5000);
    await new Promise((r) => setTimeout(r, 300));
    const web = await getObject(kube, `/apis/apps/v1/namespaces/${ns}/deployments/web`);
    assert.equal((web!.spec as { replicas: number }).replicas, 3, 'the autoscaler’s replicas are not fought over');
    assert.ok((await fx.agent.control.history(name))!.some((h) => h.trigger === 'drift'));
  });

  test('when something keeps undoing a change, the agent backs off and records an event instead of looping', async () => {
    const ns = newNamespace();
    const name = uniqueName('fight');
    const repo = newRepo({ 'manifests/a.yaml': cm('a', '1') });
    fx.writeApp(name, appYaml(name, repo.dir, ns));
    await eventually('first sync', async () => (await cmValue(ns, 'a')) === '1');
    const until = Date.now() + 6000;
    let undone = 0;
    while (Date.now() < until) {
      if ((await cmValue(ns, 'a')) === '1') {
        await kube.client.request('PATCH', `/api/v1/namespaces/${ns}/configmaps/a`, {
          body: { data: { value: 'theirs' } },
          contentType: 'application/merge-patch+json',
        });
        undone++;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    const heals = (await fx.agent.control.history(name))!.filter((h) => h.trigger === 'drift').length;
    const backoff = (await fx.agent.control.audit({ app: name, limit: 100 })).filter((e) => e.action === 'drift.backoff');
    assert.ok(backoff.length > 0, 'a drift.backoff event is recorded');
    assert.ok(heals <= 12, `heals are spaced out by the backoff (${heals} heals, ${undone} undos in 6 s)`);
  });

  test('drift without selfHeal is reported as OutOfSync and not applied', async () => {
    const ns = newNamespace();
    const name = uniqueName('report');
    const repo = newRepo({ 'manifests/a.yaml': cm('a', '1') });
    fx.writeApp(name, appYaml(name, repo.dir, ns, { selfHeal: false }));
    await eventually('first sync', async () => (await cmValue(ns, 'a')) === '1' && (await status(name))?.syncStatus === 'Synced');
    await kube.client.request('PATCH', `/api/v1/namespaces/${ns}/configmaps/a`, {
      body: { data: { value: 'hand-edited' } },
      contentType: 'application/merge-patch+json',
    });
    await eventually('OutOfSync reported', async () => (await status(name))?.syncStatus === 'OutOfSync', 5000);
    assert.equal(await cmValue(ns, 'a'), 'hand-edited');
    const drift = (await fx.agent.control.audit({ app: name, limit: 20 })).find((e) => e.action === 'drift.detected');
    assert.ok(drift, 'drift recorded in the audit log');
    assert.match(JSON.stringify(drift!.detail), /configured ConfigMap/);
  });

  test('a new commit cancels the pending retry of a failing one', async () => {
    const ns = newNamespace();
    const name = uniqueName('retry');
    const repo = newRepo({ 'manifests/a.yaml': cm('a', '1') });
    fx.writeApp(name, appYaml(name, repo.dir, ns, { retry: '{ limit: 5, backoff: { duration: 30s, factor: 2, maxDuration: 5m } }' }));
    await eventually('first sync', async () => (await cmValue(ns, 'a')) === '1');
    repo.commit({
      'manifests/bad.yaml':
        'apiVersion: v1\nkind: Service\nmetadata: { name: bad }\nspec: { type: NotAType, ports: [ { port: 80, protocol: TCP } ] }\n',
    });
    await sendWebhook(fx.agent, { repoURL: repo.dir, branch: 'main' });
    await eventually('the failing sync recorded', async () => (await fx.agent.control.history(name))![0]?.result === 'Failed');
    assert.ok((await status(name))?.conditions.some((c) => c.type === 'SyncError'));
    repo.commit({ 'manifests/bad.yaml': null, 'manifests/a.yaml': cm('a', 'fixed') });
    const started = Date.now();
    await sendWebhook(fx.agent, { repoURL: repo.dir, branch: 'main' });
    await eventually('the fix applied before the 30 s retry', async () => (await cmValue(ns, 'a')) === 'fixed', 10_000);
    assert.ok(Date.now() - started < 10_000);
    await eventually(
      'conditions cleared',
      async () => (await status(name))?.syncStatus === 'Synced' && (await status(name))?.conditions.length === 0,
    );
  });

  test('rollback re-syncs an earlier revision and pauses automation until resume', async () => {
    const ns = newNamespace();
    const name = uniqueName('rollback');
    const repo = newRepo({ 'manifests/a.yaml': cm('a', 'v1') });
    fx.writeApp(name, appYaml(name, repo.dir, ns));
    await eventually('v1', async () => (await cmValue(ns, 'a')) === 'v1');
    repo.commit({ 'manifests/a.yaml': cm('a', 'v2') });
    await sendWebhook(fx.agent, { repoURL: repo.dir, branch: 'main' });
    await eventually(
      'v2',
      async () => (await cmValue(ns, 'a')) === 'v2' && (await fx.agent.control.history(name))![0]?.result === 'Succeeded',
    );
    const res = await fx.agent.control.rollback(name, { steps: 1 }, 'alice');
    assert.ok(res.ok);
    await eventually('rolled back to v1', async () => (await cmValue(ns, 'a')) === 'v1');
    assert.equal((await status(name))?.paused, true);
    const h = (await fx.agent.control.history(name))!;
    assert.equal(h[0].trigger, 'rollback');
    assert.equal(h[0].who, 'alice');
    repo.commit({ 'manifests/a.yaml': cm('a', 'v3') });
    await sendWebhook(fx.agent, { repoURL: repo.dir, branch: 'main' });
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(await cmValue(ns, 'a'), 'v1', 'paused: a new commit is not applied');
    await eventually('OutOfSync while paused', async () => (await status(name))?.syncStatus === 'OutOfSync');
    assert.ok((await fx.agent.control.resume(name, 'alice')).ok);
    await eventually('v3 after resume', async () => (await cmValue(ns, 'a')) === 'v3');
    assert.equal((await status(name))?.paused, false);
    assert.deepEqual(
      (await fx.agent.control.audit({ app: name, limit: 50 }))
        .filter((e) => e.action === 'rollback' || e.action === 'resume')
        .map((e) => `${e.action}:${e.actor}`),
      ['rollback:alice', 'resume:alice'],
    );
  });

  test('an unreachable Git server leaves the live state as it is, and the app recovers when it answers again', async () => {
    const ns = newNamespace();
    const name = uniqueName('gitdown');
    const repo = newRepo({ 'manifests/a.yaml': cm('a', '1'), 'manifests/b.yaml': cm('b', '1') });
    fx.writeApp(
      name,
      appYaml(name, repo.dir, ns, { interval: '1s', retry: '{ limit: 10, backoff: { duration: 1s, factor: 1, maxDuration: 1s } }' }),
    );
    await eventually('first sync', async () => (await cmValue(ns, 'b')) === '1');
    const away = `${repo.dir}-away`;
    renameSync(repo.dir, away);
    try {
      await eventually(
        'SourceUnavailable',
        async () => (await status(name))?.conditions.some((c) => c.type === 'SourceUnavailable'),
        10_000,
      );
      assert.equal(await cmValue(ns, 'a'), '1');
      assert.equal(await cmValue(ns, 'b'), '1', 'nothing pruned while Git is away');
    } finally {
      renameSync(away, repo.dir);
    }
    repo.commit({ 'manifests/a.yaml': cm('a', '2') });
    await eventually('recovered', async () => (await cmValue(ns, 'a')) === '2' && !(await status(name))?.conditions.length, 15_000);
  });

  test('an app of apps manages the Applications in its path; removing one with the finalizer deletes its resources', async () => {
    const ns = newNamespace();
    const parent = uniqueName('parent');
    const child = uniqueName('child');
    const childRepo = newRepo({ 'manifests/a.yaml': cm('child-a', '1') });
    // A child app never reads a local path (docs/projects.md): its repository is served over HTTP.
    const server = await startGitHttpServer({ projectRoot: path.dirname(childRepo.dir) });
    after(() => server.close());
    const childURL = `${server.url}${path.basename(childRepo.dir)}`;
    const parentRepo = newRepo({ 'apps/child.yaml': appYaml(child, childURL, ns, { finalizer: true }) });
    fx.writeApp(parent, appYaml(parent, parentRepo.dir, ns, { path: 'apps' }));
    await eventually('the child app synced', async () => (await cmValue(ns, 'child-a')) === '1');
    assert.ok(await fx.agent.control.getApp(child));
    // The parent keeps one object of its own: a path left with no manifest at all is an EmptyRender error (allowEmpty aside).
    parentRepo.commit({ 'apps/child.yaml': null, 'apps/settings.yaml': cm('parent-settings', '1') });
    await sendWebhook(fx.agent, { repoURL: parentRepo.dir, branch: 'main' });
    await eventually('the child app removed', async () => !(await fx.agent.control.getApp(child)));
    await eventually('its resources deleted (cascade)', async () => (await cmValue(ns, 'child-a')) === undefined);
  });
});
