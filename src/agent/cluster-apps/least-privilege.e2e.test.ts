/**
 * The least-privilege agent: a ServiceAccount whose rights come only from a RoleBinding in one
 * namespace, run with in-cluster settings and `--watch-namespace` that namespace. Its Application
 * watch and its watch cache list and watch only there (drift in the namespace is healed at once, by
 * the watch), and an app deploying outside is refused with a clear condition. Destinations are
 * `name: in-cluster` and `server: https://kubernetes.default.svc`: both this cluster.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { createTestRepo, type TestRepo } from '../../../test/support/git-repo.js';
import { configMap } from '../../../test/support/manifests.js';
import { deleteNamespace, getObject, testKubeconfigPath, uniqueName } from '../../../test/support/engine-fixture.js';
import { eventually, startAgentFixture, type AgentFixture } from '../../../test/support/agent-fixture.js';
import { applyApplicationCrd, createNamespace } from '../../../test/support/controller-fixture.js';
import { createKubernetesTarget, type KubernetesTarget } from '../../target/kubernetes/index.js';
import { applicationPath } from './application-watch.js';

type AppObject = { status?: { sync?: { status: string }; conditions?: { type: string; message: string }[] } };

describe('the least-privilege agent watches only its namespaces', () => {
  let kube: KubernetesTarget;
  let repo: TestRepo;
  let fx: AgentFixture | undefined;
  const allowed = uniqueName('lp');
  const outside = uniqueName('outside');
  const role = uniqueName('tideway-lp');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tideway-lp-'));
  const request = async (method: string, p: string, body?: object) => {
    const res = await kube.client.request(method, p, body ? { body } : {});
    assert.ok(res.status < 300 || res.status === 409, `${method} ${p}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, unknown>;
  };
  const cmValue = async (ns: string) =>
    ((await getObject(kube, `/api/v1/namespaces/${ns}/configmaps/a`))?.data as Record<string, string> | undefined)?.value;
  const getApp = async (name: string) => (await kube.client.request<AppObject>('GET', applicationPath(allowed, name))).body;
  const application = (name: string, dest: string) => ({
    apiVersion: 'tideway.dev/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: allowed },
    spec: {
      source: { repoURL: repo.dir, targetRevision: 'main', path: 'manifests', interval: '1h' },
      // Argo CD's two names of the agent's own cluster: neither reads a registered cluster's Secret.
      destination: { ...(dest === allowed ? { name: 'in-cluster' } : { server: 'https://kubernetes.default.svc' }), namespace: dest },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  });

  before(async () => {
    kube = createKubernetesTarget({ kubeconfig: testKubeconfigPath() });
    await applyApplicationCrd(kube);
    for (const ns of [allowed, outside]) await createNamespace(kube, ns);
    repo = createTestRepo({ 'manifests/a.yaml': configMap('a', '1') });
    // Every right, granted only inside `allowed` by a RoleBinding (as deploy/least-privilege does).
    await request('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: role },
      rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
    });
    await request('POST', `/api/v1/namespaces/${allowed}/serviceaccounts`, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'tideway' },
    });
    await request('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${allowed}/rolebindings`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'tideway' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: [{ kind: 'ServiceAccount', name: 'tideway', namespace: allowed }],
    });
    const token = (await request('POST', `/api/v1/namespaces/${allowed}/serviceaccounts/tideway/token`, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: 3600 },
    })) as { status: { token: string } };
    const config = parse(readFileSync(testKubeconfigPath(), 'utf8')) as {
      clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
    };
    const saDir = path.join(tmp, 'serviceaccount');
    mkdirSync(saDir, { recursive: true });
    writeFileSync(path.join(saDir, 'token'), token.status.token);
    writeFileSync(path.join(saDir, 'ca.crt'), Buffer.from(config.clusters[0]!.cluster['certificate-authority-data'], 'base64'));
    writeFileSync(path.join(saDir, 'namespace'), allowed);
    const url = new URL(config.clusters[0]!.cluster.server);
    process.env.KUBERNETES_SERVICE_HOST = url.hostname;
    process.env.KUBERNETES_SERVICE_PORT = url.port;
    process.env.TIDEWAY_SERVICEACCOUNT_DIR = saDir;
  });
  after(async () => {
    await fx?.close();
    delete process.env.KUBERNETES_SERVICE_HOST;
    for (const ns of [allowed, outside]) await deleteNamespace(kube, ns);
    await kube.client.request('DELETE', `/apis/rbac.authorization.k8s.io/v1/clusterroles/${role}`);
    kube.close();
    repo.remove();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('an app inside is Synced and its drift healed by the namespaced watch; one deploying outside is refused with a condition', async () => {
    fx = await startAgentFixture({ watchApplications: { all: false, namespaces: [allowed] }, kubeconfig: null });
    await request('POST', applicationPath(allowed), application('inside', allowed));
    await eventually('synced by the ServiceAccount', async () => (await getApp('inside')).status?.sync?.status === 'Synced', 30_000);
    assert.equal(await cmValue(allowed), '1');

    // The source is polled hourly: only the watch of the namespace can see this drift so soon.
    await kube.client.request('PATCH', `/api/v1/namespaces/${allowed}/configmaps/a`, {
      contentType: 'application/merge-patch+json',
      body: { data: { value: 'drifted' } },
    });
    await eventually('the drift healed', async () => (await cmValue(allowed)) === '1', 15_000);

    await request('POST', applicationPath(allowed), application('reaching-out', outside));
    const refused = await eventually(
      'refused with a condition',
      async () => {
        const app = await getApp('reaching-out');
        return app.status?.conditions?.find((c) => /forbidden/i.test(c.message));
      },
      30_000,
    );
    assert.match(refused.message, new RegExp(outside));
    assert.equal(await cmValue(outside), undefined);
  });
});
