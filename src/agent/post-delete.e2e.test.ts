/**
 * The agent runs an app's PostDelete hooks when the app is removed with cascade (an app file with the
 * resources finalizer deleted), after its objects are pruned, and records the runs in the audit log
 * (the app's history goes with the app). No kubelet runs Pods: the test ends the hook Job's Pod.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appYaml, eventually, startAgentFixture, type AgentFixture } from '../../test/support/agent-fixture.js';
import { createTestRepo, type TestRepo } from '../../test/support/git-repo.js';
import { configMap } from '../../test/support/manifests.js';
import { deleteNamespace, getObject, testKubeconfigPath, uniqueName } from '../../test/support/engine-fixture.js';
import { endJobPod } from '../../test/support/jobs.js';
import { createKubernetesTarget, type KubernetesTarget } from '../target/kubernetes/index.js';

const hookJob = `apiVersion: batch/v1
kind: Job
metadata:
  generateName: cleanup-
  annotations: { argocd.argoproj.io/hook: PostDelete, argocd.argoproj.io/hook-delete-policy: HookSucceeded }
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: main, image: busybox:1.36 }]
`;

describe('the agent and PostDelete hooks', () => {
  let fx: AgentFixture;
  let kube: KubernetesTarget;
  let repo: TestRepo;
  const ns = uniqueName('agent-post-delete');

  before(async () => {
    fx = await startAgentFixture();
    kube = createKubernetesTarget({ kubeconfig: testKubeconfigPath() });
    repo = createTestRepo({ 'manifests/a.yaml': configMap('a', '1'), 'manifests/cleanup.yaml': hookJob });
  });
  after(async () => {
    await fx.close();
    await deleteNamespace(kube, ns);
    kube.close();
    repo.remove();
  });

  test('an app file removed with the finalizer: objects pruned, then the PostDelete hook runs and is recorded in the audit log', async () => {
    const name = uniqueName('post-delete');
    fx.writeApp(name, appYaml(name, repo.dir, ns, { finalizer: true }));
    await eventually('synced', async () => (await fx.agent.control.getApp(name))?.status?.syncStatus === 'Synced', 30_000);
    fx.removeApp(name);
    const job = await eventually(
      'the PostDelete hook Job created',
      async () => {
        const res = await kube.client.request<{ items: { metadata: { name: string } }[] }>('GET', `/apis/batch/v1/namespaces/${ns}/jobs`);
        return res.body.items?.find((j) => j.metadata.name.startsWith('cleanup-'))?.metadata.name;
      },
      30_000,
      100,
    );
    assert.equal(await getObject(kube, `/api/v1/namespaces/${ns}/configmaps/a`), undefined, 'the objects were pruned first');
    await endJobPod(ns, job, 'Succeeded');
    const removed = await eventually(
      'the removal audited',
      async () => (await fx.agent.store.listAudit({ app: name })).find((e) => e.action === 'app.removed'),
      30_000,
      100,
    );
    assert.deepEqual(removed.detail, {
      cascade: true,
      pruned: 1,
      postDelete: [
        { hook: `Job/${ns}/${job}`, status: 'Succeeded', message: 'CompletionsReached: Reached expected number of succeeded pods' },
      ],
      revision: repo.head(),
    });
    await eventually('the hook deleted (HookSucceeded)', async () => {
      const j = await getObject(kube, `/apis/batch/v1/namespaces/${ns}/jobs/${job}`);
      return !j || !!j.metadata.deletionTimestamp;
    });
  });
});
