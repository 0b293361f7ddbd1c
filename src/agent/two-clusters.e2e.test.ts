/**
 * One agent serving two clusters (two real control planes): the test's own and a second one started
 * here, registered as a cluster Secret. When the second freezes (its processes stopped, so requests to
 * it hang until they time out), apps on the first keep their drift-heal latency: the agent's workers
 * are shared out per cluster (work-queue.ts, clusterGroups in app-targets.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestCluster } from '../../scripts/cluster/test-cluster.mjs';
import { createTestRepo, type TestRepo } from '../../test/support/git-repo.js';
import { configMap } from '../../test/support/manifests.js';
import { deleteNamespace, getObject, testKubeconfigPath, uniqueName } from '../../test/support/engine-fixture.js';
import { eventually, startAgentFixture, type AgentFixture } from '../../test/support/agent-fixture.js';
import { createKubernetesTarget, type KubernetesTarget } from '../target/kubernetes/index.js';
import { resolveKubeconfig } from '../target/kubernetes/kubeconfig.js';

interface Cluster {
  kubeconfig: string;
  dir: string;
  stop(): Promise<void>;
}

const FAR_APPS = 4; // as many as the agent fixture's workers: without per-cluster shares they would take them all

const app = (name: string, repo: string, destination: string) => `apiVersion: tideway.dev/v1alpha1
kind: Application
metadata:
  name: ${name}
spec:
  source: { repoURL: ${repo}, targetRevision: main, path: manifests, interval: 1s }
  destination: { ${destination} }
  syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: [CreateNamespace=true] }
`;

/** `tideway_cluster_up` per cluster label, scraped from the agent's `/metrics`. */
async function clusterUp(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^tideway_cluster_up\{cluster="([^"]*)"\} (\S+)$/gm)) out[m[1]] = Number(m[2]);
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('one agent, two clusters', () => {
  let far: Cluster;
  let home: KubernetesTarget;
  let farTarget: KubernetesTarget;
  let fx: AgentFixture;
  let repo: TestRepo;
  let frozen: number[] = [];
  const registry = uniqueName('clusters');
  const near = uniqueName('near');
  const previousNamespace = process.env.TIDEWAY_NAMESPACE;

  before(async () => {
    far = (await startTestCluster({ signals: false, timeoutMs: 180_000 })) as Cluster;
    home = createKubernetesTarget({ kubeconfig: testKubeconfigPath() });
    farTarget = createKubernetesTarget({ kubeconfig: far.kubeconfig });
    const ns = (name: string) => ({ body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
    assert.equal((await home.client.request('POST', '/api/v1/namespaces', ns(registry))).status, 201);
    // The second cluster registered as Argo CD registers clusters: server, CA and bearer token.
    const farConfig = resolveKubeconfig({ kubeconfig: far.kubeconfig });
    assert.ok(farConfig.token && farConfig.ca);
    const made = await home.client.request('POST', `/api/v1/namespaces/${registry}/secrets`, {
      body: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'far', labels: { 'tideway.dev/secret-type': 'cluster' } },
        stringData: {
          name: 'far',
          server: farConfig.server,
          config: JSON.stringify({ bearerToken: farConfig.token, tlsClientConfig: { caData: farConfig.ca.toString('base64') } }),
        },
      },
    });
    assert.equal(made.status, 201);
    process.env.TIDEWAY_NAMESPACE = registry; // where the agent reads cluster Secrets
    repo = createTestRepo({ 'manifests/cm.yaml': configMap('watched', '1') });
    fx = await startAgentFixture();
  });

  after(async () => {
    for (const pid of frozen) process.kill(pid, 'SIGCONT');
    await fx?.close();
    if (previousNamespace === undefined) delete process.env.TIDEWAY_NAMESPACE;
    else process.env.TIDEWAY_NAMESPACE = previousNamespace;
    for (const ns of [registry, near]) await deleteNamespace(home, ns);
    home?.close();
    farTarget?.close();
    await far?.stop();
    repo?.remove();
  });

  /** Changes the ConfigMap on the first cluster behind the agent's back and times its restoration. */
  async function healMs(): Promise<number> {
    const at = `/api/v1/namespaces/${near}/configmaps/watched`;
    const started = performance.now();
    const res = await home.client.request('PATCH', at, {
      body: { data: { value: 'edited by hand' } },
      contentType: 'application/merge-patch+json',
    });
    assert.equal(res.status, 200);
    await eventually(
      'the edit healed',
      async () => ((await getObject(home, at)) as { data?: Record<string, string> } | undefined)?.data?.value === '1',
      30_000,
      10,
    );
    return performance.now() - started;
  }

  test('apps on one cluster keep their heal latency while the other cluster is frozen', async (t) => {
    fx.writeApp('near', app('near', repo.dir, `namespace: ${near}`));
    for (let i = 0; i < FAR_APPS; i++) fx.writeApp(`far-${i}`, app(`far-${i}`, repo.dir, `name: far, namespace: far-${i}`));
    await eventually('near synced', () => getObject(home, `/api/v1/namespaces/${near}/configmaps/watched`), 60_000);
    for (let i = 0; i < FAR_APPS; i++)
      await eventually(
        `far-${i} synced on the second cluster`,
        () => getObject(farTarget, `/api/v1/namespaces/far-${i}/configmaps/watched`),
        60_000,
      );

    const before: number[] = [];
    for (let i = 0; i < 5; i++) before.push(await healMs());
    const url = fx.agent.url()!;
    assert.deepEqual(await clusterUp(url), { default: 1, far: 1 }, 'both clusters answer');

    // Freeze the second control plane: its sockets stay open, its requests never answer.
    frozen = readFileSync(path.join(far.dir, 'pids'), 'utf8').split('\n').filter(Boolean).map(Number);
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    const frozenWall = Date.now();
    // Its apps poll every second: let their reconciles start and hang on it.
    await new Promise((r) => setTimeout(r, 3_000));
    const during: number[] = [];
    for (let i = 0; i < 5; i++) during.push(await healMs());
    t.diagnostic(
      `heal p50 before ${median(before).toFixed(0)} ms, while the other cluster is frozen ${median(during).toFixed(0)} ms (runs ${during.map((d) => d.toFixed(0)).join(' ')})`,
    );
    // Frozen requests time out after 30 s: a heal waiting for a worker would take that long.
    assert.ok(
      median(during) < Math.max(3_000, 3 * median(before)),
      `heal p50 ${median(during).toFixed(0)} ms while frozen, ${median(before).toFixed(0)} ms before`,
    );
    assert.ok(Math.max(...during) < 10_000, `slowest heal ${Math.max(...during).toFixed(0)} ms while frozen`);

    // The connection-state metric: the frozen cluster goes 0 once its requests time out (30 s); the first stays 1.
    const measuredAt = performance.now();
    let seen: Record<string, number> = {};
    await eventually(
      'tideway_cluster_up{cluster="far"} 0',
      async () => {
        seen = await clusterUp(url);
        return seen.far === 0;
      },
      60_000,
      500,
    );
    t.diagnostic(`tideway_cluster_up went 0 for the frozen cluster ${(performance.now() - measuredAt).toFixed(0)} ms after the heals`);
    await healMs(); // a request to the first cluster answered while the second is frozen
    seen = await clusterUp(url);
    assert.deepEqual(seen, { default: 1, far: 0 });
    const last = /^tideway_cluster_last_success_timestamp_seconds\{cluster="far"\} (\S+)$/m.exec(
      await (await fetch(`${url}/metrics`)).text(),
    );
    assert.ok(last && Number(last[1]) * 1000 <= frozenWall + 100, `far last answered before the freeze (${frozenWall}): ${last?.[1]}`);
  });
});
