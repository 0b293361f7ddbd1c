/**
 * spec.dependsOn in the running agent, against a real API server: an app waits until the apps it
 * depends on are Synced and Healthy, says so in its status, then follows; a cycle is refused.
 */
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestRepo, type TestRepo } from '../../test/support/git-repo.js';
import { configMap } from '../../test/support/manifests.js';
import { deleteNamespace, getObject, testKubeconfigPath, uniqueName } from '../../test/support/engine-fixture.js';
import { appYaml, eventually, startAgentFixture, type AgentFixture } from '../../test/support/agent-fixture.js';
import { listObjects, setStatus } from '../../test/support/kube.js';
import { createKubernetesTarget, type KubernetesTarget } from '../target/kubernetes/index.js';
import { status } from '../cli/commands/status.js';
import { ensureApiToken } from './agent-files.js';

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

const withDependsOn = (yaml: string, names: string[]) =>
  yaml.replace(/^spec:\n/m, `spec:\n  dependsOn: [${names.map((n) => `{ name: ${n} }`).join(', ')}]\n`);

describe('app dependencies in the agent', () => {
  let fx: AgentFixture;
  let kube: KubernetesTarget;
  const namespaces: string[] = [];
  const repos: TestRepo[] = [];
  const newRepo = (files: Record<string, string>) => {
    const r = createTestRepo(files);
    repos.push(r);
    return r;
  };
  const newNamespace = () => {
    const ns = uniqueName('deps');
    namespaces.push(ns);
    return ns;
  };
  const conditions = async (app: string) => (await fx.agent.control.getApp(app))?.status?.conditions ?? [];

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

  test('app B waits for app A to be Synced and Healthy, says so in its status, then follows it', async () => {
    const nsA = newNamespace();
    const nsB = newNamespace();
    const a = uniqueName('a');
    const b = uniqueName('b');
    const repoA = newRepo({ 'manifests/gate.yaml': job('gate') });
    const repoB = newRepo({ 'manifests/b.yaml': configMap('b', '1') });
    fx.writeApp(b, withDependsOn(appYaml(b, repoB.dir, nsB, { interval: '1s' }), [a]));
    fx.writeApp(a, appYaml(a, repoA.dir, nsA, { interval: '1s' }));

    await eventually('A applied', () => getObject(kube, `/apis/batch/v1/namespaces/${nsA}/jobs/gate`), 20_000);
    const waiting = await eventually(
      'B waiting for A',
      async () => (await conditions(b)).find((c) => c.type === 'WaitingForDependencies' && c.message.includes(a)),
      20_000,
    );
    assert.match(waiting.message, new RegExp(`^waiting for ${a} \\(`));
    assert.equal(await getObject(kube, `/api/v1/namespaces/${nsB}/configmaps/b`), undefined, 'B is not applied while A is not Healthy');
    // What B waits for, as data: in the API's list and app detail, and in `tideway status`.
    const token = ensureApiToken(path.join(fx.dir, 'data'));
    const api = async <T>(route: string) =>
      (await (await fetch(`${fx.agent.url()}/api/v1${route}`, { headers: { authorization: `Bearer ${token}` } })).json()) as T;
    const detail = await api<{ waitingFor?: { name: string; reason: string }[] }>(`/apps/${b}`);
    assert.equal(detail.waitingFor?.length, 1);
    assert.equal(detail.waitingFor?.[0]?.name, a);
    assert.match(detail.waitingFor?.[0]?.reason ?? '', /^not (Healthy|synced to its current revision) \(/);
    const list = await api<{ apps: { name: string; waitingFor?: unknown[] }[] }>('/apps');
    assert.deepEqual(list.apps.find((x) => x.name === b)?.waitingFor, detail.waitingFor);
    assert.equal(list.apps.find((x) => x.name === a)?.waitingFor, undefined, 'an app without dependencies has no waitingFor');
    let printed = '';
    const io = { out: (t: string) => void (printed += t), err: (t: string) => void (printed += t), now: () => new Date() };
    await status(['--agent', fx.agent.url()!, '--data-dir', path.join(fx.dir, 'data')], io);
    assert.match(printed, new RegExp(`WAITING FOR[\\s\\S]*${b} .* ${a}\\n`));
    printed = '';
    await status([b, '--agent', fx.agent.url()!, '--data-dir', path.join(fx.dir, 'data')], io);
    assert.match(printed, new RegExp(`Waiting for: ${a} \\(not `));

    // A's Job completes (as a node would report its Pod), A turns Healthy, and B follows.
    const pods = await eventually(
      'the pod of A',
      async () => {
        const found = await listObjects('v1', 'Pod', { namespace: nsA, labelSelector: 'job-name=gate' });
        return found.length > 0 ? found : undefined;
      },
      20_000,
    );
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    for (const pod of pods) {
      await setStatus(pod, {
        phase: 'Succeeded',
        containerStatuses: [
          {
            name: 'main',
            ready: false,
            restartCount: 0,
            image: 'busybox:1.36',
            imageID: '',
            state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now } },
          },
        ],
      });
    }
    await eventually('B applied once A is Healthy', () => getObject(kube, `/api/v1/namespaces/${nsB}/configmaps/b`), 40_000);
    assert.deepEqual(
      (await conditions(b)).filter((c) => c.type === 'WaitingForDependencies'),
      [],
    );
    assert.deepEqual((await fx.agent.control.getApp(b))?.waitingFor, [], 'B waits for nothing any more');
  });

  test('a dependency cycle is refused, naming the cycle, and neither app is applied', async () => {
    const ns = newNamespace();
    const c = uniqueName('c');
    const d = uniqueName('d');
    const repo = newRepo({ 'c/c.yaml': configMap('c', '1'), 'd/d.yaml': configMap('d', '1') });
    fx.writeApp(c, withDependsOn(appYaml(c, repo.dir, ns, { interval: '1s', path: 'c' }), [d]));
    fx.writeApp(d, withDependsOn(appYaml(d, repo.dir, ns, { interval: '1s', path: 'd' }), [c]));
    const refused = await eventually(
      'the cycle refused',
      async () => (await conditions(c)).find((x) => x.type === 'DependencyCycle'),
      20_000,
    );
    const [first, second] = [c, d].sort();
    assert.match(refused.message, new RegExp(`^dependency cycle: ${first} -> ${second} -> ${first}`));
    assert.ok((await conditions(d)).some((x) => x.type === 'DependencyCycle'));
    assert.equal(await getObject(kube, `/api/v1/namespaces/${ns}/configmaps/c`), undefined);
    assert.equal(await getObject(kube, `/api/v1/namespaces/${ns}/configmaps/d`), undefined);
  });
});
