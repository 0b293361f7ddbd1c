/**
 * A replica frozen mid-sync (SIGSTOP: a stop-the-world pause, a suspended VM) for longer than its
 * Lease, woken after another replica took the shard and synced a newer commit: it must not write
 * anything from its old sync. Two `tideway agent --shards 1` processes, one app of 300 ConfigMaps;
 * self-heal off, so a stale write would stay for the test to see.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deleteNamespace, testKubeconfigPath, uniqueName } from '../../../test/support/engine-fixture.js';
import { createNamespace } from '../../../test/support/controller-fixture.js';
import { createTestRepo, type TestRepo } from '../../../test/support/git-repo.js';
import { configMap } from '../../../test/support/manifests.js';
import { waitFor } from '../../../test/support/wait-for.js';
import { createKubernetesTarget, type KubernetesTarget } from '../../target/kubernetes/index.js';
import { shardLeaseName } from './shard-leases.js';

const bin = path.join(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..'), 'bin/tideway.js');
const OBJECTS = 300;

interface Replica {
  id: string;
  child: ChildProcess;
  log: string;
}

let kube: KubernetesTarget;
let repo: TestRepo;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tideway-fencing-'));
const ns = uniqueName('fencing');
const replicas: Replica[] = [];
const files = (value: string) =>
  Object.fromEntries(Array.from({ length: OBJECTS }, (_, i) => [`big/cm-${i}.yaml`, configMap(`cm-${i}`, value)]));

before(async () => {
  kube = createKubernetesTarget({ kubeconfig: testKubeconfigPath() });
  await createNamespace(kube, ns);
  repo = createTestRepo(files('1'));
  writeFileSync(
    path.join(tmp, 'apps.yaml'),
    `apiVersion: tideway.dev/v1alpha1\nkind: Application\nmetadata: { name: big }\nspec:\n  source: { repoURL: ${repo.dir}, targetRevision: main, path: big, interval: 1h }\n  destination: { namespace: ${ns} }\n  syncPolicy: { automated: { prune: true, selfHeal: false } }\n`,
  );
});
after(async () => {
  for (const r of replicas) {
    if (r.child.signalCode === 'SIGSTOP') r.child.kill('SIGCONT');
    if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
  }
  await deleteNamespace(kube, ns);
  kube.close();
  repo?.remove();
  rmSync(tmp, { recursive: true, force: true });
});

function startReplica(id: string): Replica {
  const child = spawn(
    process.execPath,
    [
      bin,
      'agent',
      '--apps',
      path.join(tmp, 'apps.yaml'),
      '--shards',
      '1',
      '--replica-id',
      id,
      '--lease-duration',
      '4s',
      '--renew-deadline',
      '3s',
      '--retry-period',
      '500ms',
      '--port',
      '0',
      '--data-dir',
      path.join(tmp, id),
      '--log-level',
      'info',
    ],
    { env: { ...process.env, KUBECONFIG: testKubeconfigPath(), TIDEWAY_NAMESPACE: ns }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const replica: Replica = { id, child, log: '' };
  child.stdout!.on('data', (d: Buffer) => (replica.log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (replica.log += d.toString()));
  replicas.push(replica);
  return replica;
}

const holder = async () =>
  (
    await kube.client.request<{ spec: { holderIdentity?: string } }>(
      'GET',
      `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/${shardLeaseName(0)}`,
    )
  ).body?.spec?.holderIdentity ?? '';
const values = async () => {
  const res = await kube.client.request<{ items: Array<{ metadata: { name: string }; data?: { value?: string } }> }>(
    'GET',
    `/api/v1/namespaces/${ns}/configmaps`,
  );
  return res.body.items.filter((c) => c.metadata.name.startsWith('cm-')).map((c) => c.data?.value ?? '');
};

test('a replica frozen mid-sync past its Lease writes nothing of its old sync when it wakes after another replica took over', async (t) => {
  const describe = () => replicas.map((r) => `--- ${r.id}\n${r.log.slice(-4000)}`).join('\n');
  startReplica('fence-a');
  startReplica('fence-b');
  const first = await waitFor('a holder of the shard', async () => (await holder()) || undefined, { timeoutMs: 60_000, intervalMs: 50 });
  const frozen = replicas.find((r) => r.id === first)!;
  const other = replicas.find((r) => r.id !== first)!;
  // Frozen while its apply of commit 1 is under way: some objects written, requests in flight.
  await waitFor('the holder part-way through its sync', async () => (await values()).length >= 20, { timeoutMs: 60_000, intervalMs: 5 });
  frozen.child.kill('SIGSTOP');
  const writtenWhenFrozen = (await values()).length;
  try {
    assert.ok(writtenWhenFrozen < OBJECTS, `the sync had already finished (${writtenWhenFrozen} objects) before the freeze`);
    repo.commit(files('2'), 'every value to 2');
    await waitFor('the other replica holding the shard', async () => (await holder()) === other.id, { timeoutMs: 30_000, intervalMs: 100 });
    await waitFor(
      'commit 2 synced by the other replica',
      async () => {
        const v = await values();
        return v.length === OBJECTS && v.every((x) => x === '2');
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${describe()}`);
  } finally {
    frozen.child.kill('SIGCONT');
  }
  // Woken: its old sync's remaining applies (value 1) must not reach the cluster.
  await waitFor('the woken replica to drop the shard', async () => /shard no longer held/.test(frozen.log), {
    timeoutMs: 30_000,
    intervalMs: 100,
  }).catch((error) => {
    throw new Error(`${(error as Error).message}\n${describe()}`);
  });
  await new Promise((r) => setTimeout(r, 2000));
  const stale = (await values()).filter((v) => v !== '2').length;
  // Its old sync ends with the writes the fence refused counted as failed.
  const finished = /"app":"big","revision":"\w+","phase":"Failed","objects":\d+,"failed":(\d+)/.exec(frozen.log);
  const refused = Number(finished?.[1] ?? 0);
  t.diagnostic(
    `objects written before the freeze: ${writtenWhenFrozen}; refused by the fence on waking: ${refused}; written back: ${stale}`,
  );
  assert.ok(refused > 0, `the woken replica's sync did not end with refused writes\n${describe()}`);
  // What the fence cannot stop: requests already handed to the HTTP/2 connection when the process froze
  // (at most the apply concurrency, 32) leave on waking. Everything its sync would have sent after is refused.
  assert.ok(stale <= 32, `${stale} object(s) written back to commit 1 by the woken replica\n${describe()}`);
  assert.equal(stale + refused <= OBJECTS - writtenWhenFrozen + 32, true);
  assert.equal(await holder(), other.id);
  assert.equal(frozen.child.exitCode, null, 'the woken replica keeps running');
});
