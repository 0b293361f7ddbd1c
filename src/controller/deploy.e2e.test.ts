import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { createTestRepo, type TestRepo } from '../../test/support/git-repo.js';
import { configMap } from '../../test/support/manifests.js';
import { deleteNamespace, getObject, testKubeconfigPath, uniqueName } from '../../test/support/engine-fixture.js';
import { eventually, openDefaultProject, startAgentFixture, type AgentFixture } from '../../test/support/agent-fixture.js';
import { createKubernetesTarget, type KubernetesTarget } from '../target/kubernetes/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** deploy/ rendered by Tideway's own kustomize (`tideway render DIR --kustomize`), applied server-side by kubectl. */
function applyKustomization(dir: string): string {
  const rendered = execFileSync(process.execPath, [path.join(root, 'bin/tideway.js'), 'render', path.join(root, dir), '--kustomize'], {
    encoding: 'utf8',
  });
  return execFileSync(
    'kubectl',
    ['--kubeconfig', testKubeconfigPath(), 'apply', '--server-side', '--field-manager=tideway-tests', '-f', '-'],
    {
      input: rendered,
      encoding: 'utf8',
    },
  );
}

describe('deploy/ on a real API server, and the agent running as its ServiceAccount', () => {
  let kube: KubernetesTarget;
  let server: string;
  let caFile: string;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tideway-sa-'));
  const saDir = path.join(tmp, 'serviceaccount');
  const repos: TestRepo[] = [];
  const namespaces: string[] = [];

  /** A token of the tideway ServiceAccount from the TokenRequest API, bound to a Secret (deleting it revokes the token). */
  async function requestToken(secret: string): Promise<string> {
    const created = await kube.client.request('POST', '/api/v1/namespaces/tideway-system/secrets', {
      body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: secret } },
    });
    assert.ok(created.status < 300, JSON.stringify(created.body));
    const uid = (created.body as { metadata: { uid: string } }).metadata.uid;
    const res = await kube.client.request<{ status: { token: string } }>(
      'POST',
      '/api/v1/namespaces/tideway-system/serviceaccounts/tideway/token',
      {
        body: {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'TokenRequest',
          spec: { expirationSeconds: 3600, boundObjectRef: { apiVersion: 'v1', kind: 'Secret', name: secret, uid } },
        },
      },
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.status.token;
  }
  const canI = (token: string, ...args: string[]) => {
    try {
      return execFileSync('kubectl', ['--server', server, '--certificate-authority', caFile, '--token', token, 'auth', 'can-i', ...args], {
        encoding: 'utf8',
        env: { ...process.env, KUBECONFIG: '/dev/null' },
      }).trim();
    } catch (error) {
      return String((error as { stdout?: string }).stdout ?? '').trim();
    }
  };

  before(async () => {
    kube = createKubernetesTarget({ kubeconfig: testKubeconfigPath() });
    const config = parse(readFileSync(testKubeconfigPath(), 'utf8')) as {
      clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
    };
    server = config.clusters[0].cluster.server;
    caFile = path.join(tmp, 'ca.crt');
    writeFileSync(caFile, Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64'));
  });
  after(async () => {
    for (const ns of namespaces) await deleteNamespace(kube, ns);
    kube.close();
    rmSync(tmp, { recursive: true, force: true });
    for (const r of repos) r.remove();
  });

  test('the least-privilege variant applies, and its ServiceAccount can do what the agent needs in team-a and nothing outside', async () => {
    const out = applyKustomization('deploy/least-privilege');
    assert.match(out, /customresourcedefinition.apiextensions.k8s.io\/applications.tideway.dev serverside-applied/);
    assert.match(out, /deployment.apps\/tideway serverside-applied/);
    const token = await requestToken('lp-token');
    const checks: [string[], 'yes' | 'no'][] = [
      [['create', 'deployments', '-n', 'team-a'], 'yes'],
      [['watch', 'applications.tideway.dev', '-n', 'team-b'], 'yes'],
      [['patch', 'applications.tideway.dev/status', '-n', 'team-a'], 'yes'],
      [['create', 'events', '-n', 'team-a'], 'yes'],
      // Sharded replicas (--shards): their Leases, in the agent's namespace only.
      [['update', 'leases.coordination.k8s.io', '-n', 'tideway-system'], 'yes'],
      [['create', 'leases.coordination.k8s.io', '-n', 'tideway-system'], 'yes'],
      [['update', 'leases.coordination.k8s.io', '-n', 'kube-system'], 'no'],
      [['create', 'deployments', '-n', 'default'], 'no'],
      [['list', 'secrets', '-n', 'kube-system'], 'no'],
      [['watch', 'applications.tideway.dev', '--all-namespaces'], 'no'],
      [['create', 'clusterroles'], 'no'],
      [['create', 'namespaces'], 'no'],
    ];
    for (const [args, expected] of checks) assert.equal(canI(token, ...args), expected, `can-i ${args.join(' ')}`);
    await deleteNamespace(kube, 'team-a');
    await deleteNamespace(kube, 'team-b');
    await kube.client.request('DELETE', '/apis/rbac.authorization.k8s.io/v1/clusterroles/tideway-namespaced');
  });

  test('deploy/ applies; the agent, with in-cluster settings and a ServiceAccount token, syncs an Application object, also after the token rotates', async () => {
    const out = applyKustomization('deploy');
    assert.match(out, /clusterrolebinding.rbac.authorization.k8s.io\/tideway serverside-applied/);
    const first = await requestToken('agent-token-1');
    assert.equal(canI(first, 'create', 'clusterroles'), 'yes', 'the full variant manages every kind');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(saDir, { recursive: true });
    writeFileSync(path.join(saDir, 'token'), first);
    writeFileSync(path.join(saDir, 'ca.crt'), readFileSync(caFile));
    writeFileSync(path.join(saDir, 'namespace'), 'tideway-system');
    const url = new URL(server);
    process.env.KUBERNETES_SERVICE_HOST = url.hostname;
    process.env.KUBERNETES_SERVICE_PORT = url.port;
    process.env.TIDEWAY_SERVICEACCOUNT_DIR = saDir;
    const appsNs = uniqueName('apps');
    const dest = uniqueName('dest');
    namespaces.push(appsNs, dest);
    await kube.client.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: appsNs } } });
    const repo = createTestRepo({ 'manifests/a.yaml': configMap('a', '1'), 'later/b.yaml': configMap('b', '2') });
    repos.push(repo);
    const application = (name: string, p: string) => ({
      apiVersion: 'tideway.dev/v1alpha1',
      kind: 'Application',
      metadata: { name, namespace: appsNs },
      spec: {
        source: { repoURL: repo.dir, targetRevision: 'main', path: p },
        destination: { server: 'https://kubernetes.default.svc', namespace: dest },
        syncPolicy: { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] },
      },
    });
    let fx: AgentFixture | undefined;
    try {
      fx = await startAgentFixture({
        watchApplications: { all: false, namespaces: [appsNs] },
        kubeconfig: null,
        projects: openDefaultProject([appsNs]),
      });
      const post = (body: object) => kube.client.request('POST', `/apis/tideway.dev/v1alpha1/namespaces/${appsNs}/applications`, { body });
      assert.equal((await post(application('first', 'manifests'))).status, 201);
      await eventually(
        'synced by the ServiceAccount',
        async () => (await getObject(kube, `/api/v1/namespaces/${dest}/configmaps/a`)) !== undefined,
        30_000,
      );
      const managed = await getObject(kube, `/api/v1/namespaces/${dest}/configmaps/a`);
      assert.ok(
        (managed!.metadata as unknown as { managedFields: { manager: string }[] }).managedFields.some((m) => m.manager === 'tideway'),
        'applied by the agent',
      );
      // Rotation: a new token in the file, the old one revoked.
      writeFileSync(path.join(saDir, 'token'), await requestToken('agent-token-2'));
      await kube.client.request('DELETE', '/api/v1/namespaces/tideway-system/secrets/agent-token-1');
      await eventually('the old token refused', () => canI(first, 'get', 'pods') !== 'yes');
      assert.equal((await post(application('second', 'later'))).status, 201);
      await eventually(
        'synced after the rotation',
        async () => (await getObject(kube, `/api/v1/namespaces/${dest}/configmaps/b`)) !== undefined,
        30_000,
      );
      await eventually(
        'status written after the rotation',
        async () => {
          const res = await kube.client.request<{ status?: { sync?: { status: string } } }>(
            'GET',
            `/apis/tideway.dev/v1alpha1/namespaces/${appsNs}/applications/second`,
          );
          return res.body.status?.sync?.status === 'Synced';
        },
        30_000,
      );
    } finally {
      await fx?.close();
      delete process.env.KUBERNETES_SERVICE_HOST;
    }
  });

  test('Tideway manages its own installation: an Application whose path is deploy/ syncs it and is then in sync', async () => {
    // deploy/ as a repository holds it: every file under it, committed to a real git repository.
    const files: Record<string, string> = {};
    const walk = (dir: string) => {
      for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const rel = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(rel);
        else files[rel] = readFileSync(path.join(root, rel), 'utf8');
      }
    };
    walk('deploy');
    const repo = createTestRepo(files);
    repos.push(repo);
    const app = path.join(tmp, 'tideway-self.yaml');
    writeFileSync(
      app,
      `apiVersion: tideway.dev/v1alpha1
kind: Application
metadata: { name: tideway-self }
spec:
  source: { repoURL: ${repo.dir}, targetRevision: main, path: deploy }
  destination: { namespace: tideway-system }
  syncPolicy: { automated: { prune: true } }
`,
    );
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(root, 'bin/tideway.js'), ...args], {
        encoding: 'utf8',
        env: { ...process.env, KUBECONFIG: testKubeconfigPath() },
      });
    const sync = cli('sync', '-f', app, '-o', 'json');
    assert.equal(sync.status, 0, sync.stderr);
    const result = JSON.parse(sync.stdout) as { phase: string; entries: { ref: { kind: string; name: string }; action: string }[] };
    assert.equal(result.phase, 'Succeeded');
    const kinds = new Set(result.entries.map((e) => e.ref.kind));
    for (const kind of [
      'Namespace',
      'CustomResourceDefinition',
      'ServiceAccount',
      'ClusterRole',
      'ClusterRoleBinding',
      'Deployment',
      'Service',
      'NetworkPolicy',
    ])
      assert.ok(kinds.has(kind), `${kind} is part of the installation Tideway manages`);
    const diff = cli('diff', '-f', app);
    assert.equal(diff.status, 0, `in sync after its own sync:\n${diff.stdout}${diff.stderr}`);
  });
});
