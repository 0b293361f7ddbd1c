/**
 * Application objects deleted while no agent runs: with the finalizer the object waits, terminating,
 * and the next agent deletes its objects and lets it go; without it the object is gone and the next
 * agent neither manages nor deletes what it had applied (as documented in docs/controller.md).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestRepo, type TestRepo } from '../../../test/support/git-repo.js';
import { configMap } from '../../../test/support/manifests.js';
import { deleteNamespace, getObject, testKubeconfigPath, uniqueName } from '../../../test/support/engine-fixture.js';
import { eventually, startAgentFixture, type AgentFixture } from '../../../test/support/agent-fixture.js';
import { applyApplicationCrd, createNamespace } from '../../../test/support/controller-fixture.js';
import { createKubernetesTarget, type KubernetesTarget } from '../../target/kubernetes/index.js';
import { applicationPath } from './application-watch.js';

describe('Applications deleted while no agent runs', () => {
  let kube: KubernetesTarget;
  let repo: TestRepo;
  let fx: AgentFixture | undefined;
  const appsNs = uniqueName('apps');
  const withFinalizer = uniqueName('dest');
  const without = uniqueName('dest');
  const scope = { all: false as const, namespaces: [appsNs] };
  const cmValue = async (ns: string) =>
    ((await getObject(kube, `/api/v1/namespaces/${ns}/configmaps/a`))?.data as Record<string, string> | undefined)?.value;
  const application = (name: string, dest: string, finalizer: boolean) => ({
    apiVersion: 'tideway.dev/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: appsNs, ...(finalizer ? { finalizers: ['resources-finalizer.tideway.dev'] } : {}) },
    spec: {
      source: { repoURL: repo.dir, targetRevision: 'main', path: 'manifests', interval: '1h' },
      destination: { namespace: dest },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
    },
  });
  const getApp = async (name: string) => {
    const res = await kube.client.request<{ metadata: { deletionTimestamp?: string } }>('GET', applicationPath(appsNs, name));
    return res.status === 200 ? res.body : undefined;
  };

  before(async () => {
    kube = createKubernetesTarget({ kubeconfig: testKubeconfigPath() });
    await applyApplicationCrd(kube);
    await createNamespace(kube, appsNs);
    repo = createTestRepo({ 'manifests/a.yaml': configMap('a', '1') });
  });
  after(async () => {
    await fx?.close();
    for (const ns of [appsNs, withFinalizer, without]) await deleteNamespace(kube, ns);
    kube.close();
    repo.remove();
  });

  test('with the finalizer, the next agent deletes its objects and the Application goes; without, its objects stay unmanaged', async () => {
    fx = await startAgentFixture({ watchApplications: scope });
    for (const [name, dest, finalizer] of [
      ['kept-waiting', withFinalizer, true],
      ['let-go', without, false],
    ] as const) {
      const res = await kube.client.request('POST', applicationPath(appsNs), { body: application(name, dest, finalizer) });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    await eventually('both synced', async () => (await cmValue(withFinalizer)) === '1' && (await cmValue(without)) === '1');
    await fx.close();
    fx = undefined;

    for (const name of ['kept-waiting', 'let-go'])
      assert.equal((await kube.client.request('DELETE', applicationPath(appsNs, name))).status, 200);
    assert.ok((await getApp('kept-waiting'))?.metadata.deletionTimestamp, 'the finalizer keeps it, terminating');
    assert.equal(await getApp('let-go'), undefined);
    assert.equal(await cmValue(withFinalizer), '1', 'nothing deleted while no agent runs');

    fx = await startAgentFixture({ watchApplications: scope });
    await eventually('its objects deleted', async () => (await cmValue(withFinalizer)) === undefined);
    await eventually('the Application gone', async () => (await getApp('kept-waiting')) === undefined);

    // The one deleted without the finalizer: its objects stay, and drift is no longer healed.
    assert.equal(await cmValue(without), '1');
    assert.equal(await fx.agent.control.getApp('let-go'), undefined);
    const patched = await kube.client.request('PATCH', `/api/v1/namespaces/${without}/configmaps/a`, {
      contentType: 'application/merge-patch+json',
      body: { data: { value: 'changed by hand' } },
    });
    assert.equal(patched.status, 200);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await cmValue(without), 'changed by hand');
  });
});
