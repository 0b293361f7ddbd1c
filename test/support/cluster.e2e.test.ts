import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  VersionApi,
  type KubernetesObject,
  type V1ConfigMap,
  type V1Deployment,
  type V1OwnerReference,
  type V1Pod,
} from '@kubernetes/client-node';
import {
  createObject,
  createTestNamespace,
  deleteObject,
  kubeConfig,
  listObjects,
  readObject,
  setStatus,
  waitFor,
  withNamespace,
} from './kube.js';

const labels = { app: 'web' };
const deployment = (namespace: string): V1Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace },
  spec: {
    replicas: 1,
    selector: { matchLabels: labels },
    template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'registry.invalid/web:1' }] } },
  },
});

const configMap = (namespace: string, name: string, ownerReferences?: V1OwnerReference[]): V1ConfigMap => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace, ...(ownerReferences ? { ownerReferences } : {}) },
  data: { key: name },
});

describe('the local control plane', () => {
  test('answers as the Kubernetes version the run chose (1.34 when available, else 1.20) to the test kubeconfig', async () => {
    const version = await kubeConfig().makeApiClient(VersionApi).getCode();
    const expected = process.env.TIDEWAY_TEST_KUBE_VERSION;
    if (expected) assert.equal(version.gitVersion.replace(/^v(\d+\.\d+)\..*$/, '$1'), expected);
    assert.match(version.gitVersion, /^v1\.(20|34)\./);
    const namespaces = await listObjects('v1', 'Namespace');
    assert.ok(namespaces.some((ns) => ns.metadata?.name === 'default'));
  });

  test('creates a namespace and deletes it with everything inside', async () => {
    const ns = await createTestNamespace('cluster-ns');
    assert.equal((await readObject({ apiVersion: 'v1', kind: 'Namespace', name: ns.name }))?.metadata?.name, ns.name);
    await createObject(configMap(ns.name, 'inside'));

    await ns.delete({ wait: true, timeoutMs: 20_000 });
    assert.equal(await readObject({ apiVersion: 'v1', kind: 'Namespace', name: ns.name }), undefined);
    assert.equal(await readObject({ apiVersion: 'v1', kind: 'ConfigMap', name: 'inside', namespace: ns.name }), undefined);
  });

  test('gives a Deployment a ReplicaSet and Pods whose status tests can set', async (t) => {
    const namespace = await withNamespace(t);
    const created = await createObject(deployment(namespace));

    const replicaSet = await waitFor(
      'a ReplicaSet owned by the Deployment',
      async () => {
        const sets = await listObjects('apps/v1', 'ReplicaSet', { namespace });
        return sets.find((rs) => rs.metadata?.ownerReferences?.some((o) => o.uid === created.metadata?.uid));
      },
      { timeoutMs: 5_000 },
    );
    const pod = await waitFor(
      'a Pod owned by the ReplicaSet',
      async () => {
        const pods = await listObjects<V1Pod>('v1', 'Pod', { namespace, labelSelector: 'app=web' });
        return pods.find((p) => p.metadata?.ownerReferences?.some((o) => o.uid === replicaSet.metadata?.uid));
      },
      { timeoutMs: 5_000 },
    );
    assert.equal(pod.status?.phase, 'Pending', 'no kubelet runs Pods here');

    await setStatus(pod, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] });
    const live = await readObject<V1Pod>({ apiVersion: 'v1', kind: 'Pod', name: pod.metadata!.name!, namespace });
    assert.equal(live?.status?.phase, 'Running');
    assert.deepEqual(
      live?.status?.conditions?.map((c) => [c.type, c.status]),
      [['Ready', 'True']],
    );
  });

  test('garbage-collects objects whose owner is deleted', async (t) => {
    const namespace = await withNamespace(t);
    const owner = await createObject<KubernetesObject>(configMap(namespace, 'owner'));
    const ownerReference = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata!.uid! };
    await createObject(configMap(namespace, 'dependent', [ownerReference]));
    await createObject(configMap(namespace, 'bystander'));

    await deleteObject({ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', namespace });
    await waitFor(
      'the dependent to be garbage-collected',
      async () => (await readObject({ apiVersion: 'v1', kind: 'ConfigMap', name: 'dependent', namespace })) === undefined,
      { timeoutMs: 10_000 },
    );
    assert.ok(await readObject({ apiVersion: 'v1', kind: 'ConfigMap', name: 'bystander', namespace }), 'objects without owners stay');
  });
});
