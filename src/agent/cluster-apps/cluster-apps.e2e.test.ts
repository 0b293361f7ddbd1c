import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { createTestRepo, type TestRepo } from '../../../test/support/git-repo.js';
import { configMap } from '../../../test/support/manifests.js';
import { deleteNamespace, getObject, testKubeconfigPath, uniqueName } from '../../../test/support/engine-fixture.js';
import { eventually, openDefaultProject, startAgentFixture, type AgentFixture } from '../../../test/support/agent-fixture.js';
import { applyApplicationCrd, createNamespace } from '../../../test/support/controller-fixture.js';
import { createKubernetesTarget, type KubernetesTarget } from '../../target/kubernetes/index.js';
import { applicationPath } from './application-watch.js';

type AppObject = {
  metadata: { annotations?: Record<string, string>; finalizers?: string[] };
  status?: {
    sync?: { status: string; revision?: string };
    health?: { status: string };
    conditions?: { type: string; message: string }[];
    history?: { phase: string; trigger: string }[];
    operationState?: { phase: string };
  };
};

describe('the agent manages Application objects of the cluster', () => {
  let fx: AgentFixture;
  let kube: KubernetesTarget;
  const appsNs = uniqueName('apps');
  const otherNs = uniqueName('unwatched');
  const namespaces: string[] = [appsNs, otherNs];
  const repos: TestRepo[] = [];
  const kubectl = (...args: string[]) => execFileSync('kubectl', ['--kubeconfig', testKubeconfigPath(), ...args], { encoding: 'utf8' });
  const newNamespace = () => {
    const ns = uniqueName('dest');
    namespaces.push(ns);
    return ns;
  };
  const cmValue = async (ns: string, name: string) =>
    ((await getObject(kube, `/api/v1/namespaces/${ns}/configmaps/${name}`))?.data as Record<string, string> | undefined)?.value;
  const getApp = async (name: string, ns = appsNs) => {
    const res = await kube.client.request<AppObject>('GET', applicationPath(ns, name));
    return res.status === 200 ? res.body : undefined;
  };
  const application = (name: string, repo: string, dest: string, opts: { path?: string; finalizer?: boolean; ns?: string } = {}) => ({
    apiVersion: 'tideway.dev/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: opts.ns ?? appsNs, ...(opts.finalizer ? { finalizers: ['resources-finalizer.tideway.dev'] } : {}) },
    spec: {
      source: { repoURL: repo, targetRevision: 'main', path: opts.path ?? 'manifests', interval: '1h' },
      destination: { namespace: dest },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
    },
  });
  const create = async (body: { metadata: { namespace: string } }) => {
    const res = await kube.client.request('POST', applicationPath(body.metadata.namespace), { body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  };

  before(async () => {
    kube = createKubernetesTarget({ kubeconfig: testKubeconfigPath() });
    await applyApplicationCrd(kube);
    await createNamespace(kube, appsNs);
    await createNamespace(kube, otherNs);
    fx = await startAgentFixture({ watchApplications: { all: false, namespaces: [appsNs] }, projects: openDefaultProject([appsNs]) });
  });
  after(async () => {
    await fx.close();
    for (const ns of namespaces) await deleteNamespace(kube, ns);
    kube.close();
    for (const r of repos) r.remove();
  });

  test('an applied Application is synced, its status written (Synced, Healthy, revision, history) and shown by kubectl', async () => {
    const dest = newNamespace();
    const repo = createTestRepo({ 'manifests/a.yaml': configMap('a', '1'), 'other/b.yaml': configMap('b', '2') });
    repos.push(repo);
    const name = 'shop.web';
    await create(application(name, repo.dir, dest));
    await eventually('the object synced', async () => (await cmValue(dest, 'a')) === '1');
    const app = await eventually(
      'the status written',
      async () => {
        const a = await getApp(name);
        return a?.status?.sync?.status === 'Synced' && a.status.health?.status === 'Healthy' && a.status.history?.length ? a : undefined;
      },
      20_000,
    );
    assert.equal(app.status!.sync!.revision, repo.head().slice(0, 12));
    assert.equal(app.status!.operationState!.phase, 'Succeeded');
    assert.equal((await fx.agent.control.getApp(name))?.status?.syncStatus, 'Synced');
    const row = kubectl('get', 'applications', '-n', appsNs, name, '--no-headers').trim().split(/\s+/);
    assert.deepEqual(row.slice(0, 4), [name, 'Synced', 'Healthy', repo.head().slice(0, 12)]);
    const events = kubectl(
      'get',
      'events',
      '-n',
      appsNs,
      '--field-selector',
      `involvedObject.name=${name}`,
      '-o',
      'jsonpath={.items[*].reason}',
    );
    assert.match(events, /Registered/);
    assert.match(events, /SyncSucceeded/);

    // An edit of the spec is followed.
    const edited = await kube.client.request('PATCH', applicationPath(appsNs, name), {
      contentType: 'application/merge-patch+json',
      body: { spec: { source: { path: 'other' } } },
    });
    assert.equal(edited.status, 200);
    await eventually('the edited path synced', async () => (await cmValue(dest, 'b')) === '2');
    await eventually('what left the path pruned', async () => (await cmValue(dest, 'a')) === undefined);

    // The refresh annotation: a new commit is fetched at once (the poll interval is an hour), and the annotation removed.
    repo.commit({ 'other/b.yaml': configMap('b', '3') }, 'third');
    const started = Date.now();
    const annotated = await kube.client.request('PATCH', applicationPath(appsNs, name), {
      contentType: 'application/merge-patch+json',
      body: { metadata: { annotations: { 'tideway.dev/refresh': 'normal' } } },
    });
    assert.equal(annotated.status, 200);
    await eventually('the refreshed commit applied', async () => (await cmValue(dest, 'b')) === '3');
    assert.ok(Date.now() - started < 10_000, `refreshed in ${Date.now() - started} ms`);
    await eventually(
      'the annotation removed',
      async () => (await getApp(name))?.metadata.annotations?.['tideway.dev/refresh'] === undefined,
    );
  });

  test('deleting an Application without the finalizer stops managing it and leaves its objects', async () => {
    const dest = newNamespace();
    const repo = createTestRepo({ 'manifests/a.yaml': configMap('a', '1') });
    repos.push(repo);
    const name = uniqueName('keep');
    await create(application(name, repo.dir, dest));
    await eventually('synced', async () => (await cmValue(dest, 'a')) === '1');
    assert.equal((await kube.client.request('DELETE', applicationPath(appsNs, name))).status, 200);
    await eventually('no longer managed', async () => (await fx.agent.control.getApp(name)) === undefined || undefined);
    assert.equal(await cmValue(dest, 'a'), '1');
  });

  test('deleting an Application with the finalizer deletes its objects first, then the Application goes', async () => {
    const dest = newNamespace();
    const repo = createTestRepo({ 'manifests/a.yaml': configMap('a', '1') });
    repos.push(repo);
    const name = uniqueName('cascade');
    await create(application(name, repo.dir, dest, { finalizer: true }));
    await eventually('synced', async () => (await cmValue(dest, 'a')) === '1');
    assert.equal((await kube.client.request('DELETE', applicationPath(appsNs, name))).status, 200);
    await eventually('the objects pruned', async () => (await cmValue(dest, 'a')) === undefined);
    await eventually('the Application gone', async () => (await getApp(name)) === undefined);
  });

  test('an invalid Application gets an InvalidSpec condition and a Warning event; one of an unwatched namespace is left alone', async () => {
    const name = uniqueName('invalid');
    const bad = application(name, 'https://example.com/r.git', 'x');
    bad.spec.syncPolicy.syncOptions = ['Replace=true'];
    await create(bad);
    const app = await eventually('the condition written', async () => {
      const a = await getApp(name);
      return a?.status?.conditions?.find((c) => c.type === 'InvalidSpec');
    });
    assert.match(app.message, /spec\.syncPolicy\.syncOptions\[0\]: unknown option "Replace=true"/);
    const events = kubectl(
      'get',
      'events',
      '-n',
      appsNs,
      '--field-selector',
      `involvedObject.name=${name}`,
      '-o',
      'jsonpath={.items[*].reason}',
    );
    assert.match(events, /InvalidSpec/);

    const elsewhere = uniqueName('elsewhere');
    await create(application(elsewhere, 'https://example.com/r.git', 'x', { ns: otherNs }));
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(await fx.agent.control.getApp(elsewhere), undefined);
    assert.equal((await getApp(elsewhere, otherNs))?.status, undefined);
  });
});
