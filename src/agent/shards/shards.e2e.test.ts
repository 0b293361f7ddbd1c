/**
 * Three sharded replicas as a Deployment runs them: `tideway agent --shards 3` child processes sharing
 * one PostgreSQL store, holding shard Leases in the test control plane, managing Application objects.
 * Short leases (4 s / 3 s / 0.5 s) keep it quick; the replicas, the API server, etcd and PostgreSQL
 * share this machine's cores.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { shardOf } from '../../core/shards/index.js';
import { deleteNamespace, getObject, testKubeconfigPath, uniqueName } from '../../../test/support/engine-fixture.js';
import { applyApplicationCrd, createNamespace } from '../../../test/support/controller-fixture.js';
import { openDefaultProject } from '../../../test/support/agent-fixture.js';
import { createTestRepo, type TestRepo } from '../../../test/support/git-repo.js';
import { configMap } from '../../../test/support/manifests.js';
import { describeWithPostgres, startPostgres, type PostgresServer } from '../../../test/support/postgres.js';
import { waitFor } from '../../../test/support/wait-for.js';
import { createKubernetesTarget, type KubernetesTarget } from '../../target/kubernetes/index.js';
import { applicationPath } from '../cluster-apps/application-watch.js';
import { shardLeaseName } from './shard-leases.js';

const bin = path.join(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..'), 'bin/tideway.js');
const APPS = 300;
const SHARDS = 3;
const LEASE_MS = 4000;
const RENEW_DEADLINE_MS = 3000;
const SECRET = 'shards-webhook-secret';
/** An app of a file (`--apps`): no object to annotate, so a webhook for it is forwarded to its owner. */
const FILE_APP = 'file-app';

interface Replica {
  id: string;
  child: ChildProcess;
  dataDir: string;
  url?: string;
  stderr: string;
}

interface SyncRow {
  app: string;
  owner: string | null;
  result: string;
  trigger: string;
  started_at: string;
  finished_at: string | null;
}

describeWithPostgres('sharded replicas on Leases', (binaries) => {
  let server: PostgresServer;
  let kube: KubernetesTarget;
  let repo: TestRepo;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tideway-shards-'));
  const leaseNs = uniqueName('leases');
  // Application objects in the agent's own namespace (where the Leases are): other namespaces need a Project's sourceNamespaces.
  const appsNs = leaseNs;
  // Objects there too: the agent watches (for drift) the namespaces it watches Applications in.
  const dest = leaseNs;
  const replicas: Replica[] = [];
  const appName = (i: number) => `app-${String(i).padStart(3, '0')}`;
  const names = Array.from({ length: APPS }, (_, i) => appName(i));
  const shardOfApp = (name: string) => shardOf(`${appsNs}/${name}`, SHARDS);

  before(async () => {
    server = await startPostgres(binaries);
    await server.sql('postgres', 'CREATE DATABASE tideway');
    kube = createKubernetesTarget({ kubeconfig: testKubeconfigPath() });
    await applyApplicationCrd(kube);
    await createNamespace(kube, leaseNs);
    const files: Record<string, string> = {};
    for (const name of names) files[`apps/${name}/cm.yaml`] = configMap(name, '1');
    files[`apps/${FILE_APP}/cm.yaml`] = configMap(FILE_APP, '1');
    repo = createTestRepo(files);
    mkdirSync(path.join(tmp, 'projects'));
    writeFileSync(path.join(tmp, 'projects', 'default.yaml'), openDefaultProject([appsNs]));
    writeFileSync(
      path.join(tmp, 'projects', `${FILE_APP}.yaml`),
      `apiVersion: tideway.dev/v1alpha1
kind: Application
metadata: { name: ${FILE_APP} }
spec:
  source: { repoURL: ${JSON.stringify(repo.dir)}, targetRevision: main, path: apps/${FILE_APP}, interval: 1h }
  destination: { namespace: ${dest} }
  syncPolicy: { automated: { prune: true, selfHeal: true } }
`,
    );
  });
  after(async () => {
    for (const r of replicas) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    await server?.stop();
    await deleteNamespace(kube, leaseNs);
    kube.close();
    repo?.remove();
    rmSync(tmp, { recursive: true, force: true });
  });

  function startReplica(id: string): Replica {
    const dataDir = path.join(tmp, id);
    const child = spawn(
      process.execPath,
      [
        bin,
        'agent',
        '--watch-namespace',
        appsNs,
        // The default Project, opened to local repositories (the test's git repository is a directory).
        '--apps',
        path.join(tmp, 'projects'),
        '--shards',
        String(SHARDS),
        '--replica-id',
        id,
        '--lease-duration',
        `${LEASE_MS}ms`,
        '--renew-deadline',
        `${RENEW_DEADLINE_MS}ms`,
        '--retry-period',
        '500ms',
        '--store',
        `postgres://${server.user}@${server.host}:${server.port}/tideway`,
        '--port',
        '0',
        '--data-dir',
        dataDir,
        '--log-level',
        'info',
      ],
      {
        env: {
          ...process.env,
          KUBECONFIG: testKubeconfigPath(),
          TIDEWAY_NAMESPACE: leaseNs,
          TIDEWAY_WEBHOOK_SECRET: SECRET,
          TIDEWAY_STORE_PASSWORD: server.password,
          TIDEWAY_TEST_LEASE_FAULT_FILE: path.join(tmp, `${id}.partitioned`),
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const replica: Replica = { id, child, dataDir, stderr: '' };
    child.stderr!.on('data', (d: Buffer) => {
      replica.stderr += d.toString();
      replica.url ??= /dashboard and API on (http:\/\/\S+?)\/?\n/.exec(replica.stderr)?.[1];
    });
    replicas.push(replica);
    return replica;
  }

  const rows = async <T>(text: string, values: unknown[] = []) => (await server.sql('tideway', text, values)).rows as T[];
  const syncs = () => rows<SyncRow>('SELECT app, owner, result, trigger, started_at, finished_at FROM sync_history ORDER BY id');
  const holders = async (): Promise<Array<{ holder: string; acquireTime?: string; transitions: number }>> => {
    const out = [];
    for (let s = 0; s < SHARDS; s++) {
      const res = await kube.client.request<{ spec: { holderIdentity?: string; acquireTime?: string; leaseTransitions?: number } }>(
        'GET',
        `/apis/coordination.k8s.io/v1/namespaces/${leaseNs}/leases/${shardLeaseName(s)}`,
      );
      out.push(
        res.status === 200
          ? {
              holder: res.body.spec.holderIdentity ?? '',
              acquireTime: res.body.spec.acquireTime,
              transitions: res.body.spec.leaseTransitions ?? 0,
            }
          : { holder: '', transitions: 0 },
      );
    }
    return out;
  };
  const cmValue = async (name: string) =>
    ((await getObject(kube, `/api/v1/namespaces/${dest}/configmaps/${name}`))?.data as Record<string, string> | undefined)?.value;
  /** Apps whose manifest the test changed since (the webhook step): healed to that value, not the first. */
  const changed = new Map<string, string>();
  /** The apps the last allSynced found not at their value (for the failure message). */
  let unsynced: string[] = [];
  const allSynced = async (apps: string[], value: string) => {
    const res = await kube.client.request<{ items: Array<{ metadata: { name: string }; data?: { value?: string } }> }>(
      'GET',
      `/api/v1/namespaces/${dest}/configmaps`,
    );
    const live = new Map(res.body.items.map((c) => [c.metadata.name, c.data?.value]));
    unsynced = apps.flatMap((name) => (live.get(name) === (changed.get(name) ?? value) ? [] : [`${name}=${live.get(name)}`]));
    return unsynced.length === 0;
  };
  /** `app.added` rows per app in the shared store: exactly one each, whichever replicas loaded it. */
  const assertAddedOnce = async (apps: string[], when: string) => {
    const counted = await rows<{ app: string; n: string }>(
      "SELECT app, count(*) AS n FROM audit_log WHERE action = 'app.added' GROUP BY app",
    );
    const byApp = new Map(counted.map((r) => [r.app, Number(r.n)]));
    for (const name of apps) assert.equal(byApp.get(name), 1, `${name}: one app.added row across the replicas (${when})`);
  };
  const describeReplicas = () => replicas.map((r) => `--- ${r.id}\n${r.stderr.slice(-3000)}`).join('\n');
  /** waitFor, failing with what the replicas said, the Leases and the history. */
  async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs: number, intervalMs = 200): Promise<T> {
    try {
      return await waitFor(what, check, { timeoutMs, intervalMs });
    } catch (error) {
      const history = await syncs().catch(() => []);
      const counts: Record<string, number> = {};
      for (const h of history) counts[`${h.owner}:${h.result}`] = (counts[`${h.owner}:${h.result}`] ?? 0) + 1;
      const byOwner = JSON.stringify(counts);
      throw new Error(
        `${(error as Error).message}\nnot synced: ${unsynced.join(' ')}\nleases: ${JSON.stringify(await holders())}\nsyncs: ${byOwner}\n${describeReplicas()}`,
      );
    }
  }

  test('apps spread over three replicas, each reconciled only by its shard holder; kill -9, partition and webhooks', async (t) => {
    // 1. Three replicas; they spread the three shards before any app exists.
    for (const id of ['replica-a', 'replica-b', 'replica-c']) startReplica(id);
    await waitFor('three replicas up', () => replicas.every((r) => r.url) || replicas.some((r) => r.child.exitCode !== null), {
      timeoutMs: 60_000,
    }).catch((e) => {
      throw new Error(`${(e as Error).message}\n${describeReplicas()}`);
    });
    assert.ok(
      replicas.every((r) => r.url),
      describeReplicas(),
    );
    await Promise.resolve().catch((e) => {
      throw new Error(`${(e as Error).message}\n${describeReplicas()}`);
    });
    const spread = await waitFor(
      'each replica holding one shard',
      async () => {
        const h = await holders();
        return new Set(h.map((x) => x.holder).filter(Boolean)).size === SHARDS && h;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const ownerOfShard = (s: number) => spread[s].holder;

    // 2. Applications created: each is reconciled by the holder of its shard, and by no one else.
    const created = Date.now();
    for (const name of names) {
      const res = await kube.client.request('POST', applicationPath(appsNs), {
        body: {
          apiVersion: 'tideway.dev/v1alpha1',
          kind: 'Application',
          metadata: { name, namespace: appsNs },
          spec: {
            source: { repoURL: repo.dir, targetRevision: 'main', path: `apps/${name}`, interval: '1h' },
            destination: { namespace: dest },
            syncPolicy: { automated: { prune: true, selfHeal: true } },
          },
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    await until('every app synced', () => allSynced(names, '1'), 180_000, 1000);
    t.diagnostic(`${APPS} apps synced by 3 replicas in ${Date.now() - created} ms`);
    const first = await syncs();
    for (const name of names) {
      const owners = new Set(first.filter((s) => s.app === name).map((s) => s.owner));
      assert.deepEqual([...owners], [ownerOfShard(shardOfApp(name))], `${name}: reconciled by its shard's holder only`);
    }
    assert.equal(new Set(first.map((s) => s.owner)).size, SHARDS, 'all three replicas did work');
    await assertAddedOnce([...names, FILE_APP], 'after the first syncs');
    assert.deepEqual(
      await holders().then((h) => h.map((x) => x.holder)),
      spread.map((x) => x.holder),
      'no lease changed hands',
    );

    // The API of any replica shows who owns each app.
    const token = readFileSync(path.join(replicas[0].dataDir, 'api-token'), 'utf8').trim();
    const listed = (await (await fetch(`${replicas[0].url}/api/v1/apps`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      apps: Array<{ name: string; shard: number; owner: string }>;
    };
    assert.equal(listed.apps.length, APPS + 1, 'the Application objects and the app of a file');
    for (const a of listed.apps) {
      // An app of a file hashes by its name alone.
      assert.equal(a.shard, a.name === FILE_APP ? shardOf(FILE_APP, SHARDS) : shardOfApp(a.name), a.name);
      assert.equal(a.owner, ownerOfShard(a.shard), a.name);
    }

    // 3. A webhook at a replica that does not own the app: the owner applies the change.
    const target = names[0];
    const targetOwner = ownerOfShard(shardOfApp(target));
    const nonOwner = replicas.find((r) => r.id !== targetOwner)!;
    repo.commit({ [`apps/${target}/cm.yaml`]: configMap(target, '2') }, 'change one app');
    changed.set(target, '2');
    const body = JSON.stringify({ repoURL: repo.dir, branch: 'main', paths: [`apps/${target}/cm.yaml`] });
    const res = await fetch(`${nonOwner.url}/webhooks/generic`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-tideway-signature': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
      },
      body,
    });
    assert.equal(res.status, 202);
    await waitFor('the owner applied the webhook', async () => (await cmValue(target)) === '2', { timeoutMs: 20_000, intervalMs: 200 });
    const afterHook = (await syncs()).filter((s) => s.app === target);
    assert.equal(afterHook.at(-1)!.owner, targetOwner, 'the sync was the owner’s');
    const [accepted] = await rows<{ detail: { forwarded?: string[] } }>(
      "SELECT detail FROM audit_log WHERE action = 'webhook.accepted' ORDER BY id DESC LIMIT 1",
    );
    assert.deepEqual(accepted.detail.forwarded, [target]);

    // 3b. A signed GitHub push for an app of a file, at a replica that does not own it: the request is
    // forwarded verbatim to the owner, which verifies it itself and applies the change.
    await until('the app of a file synced by its owner', async () => (await cmValue(FILE_APP)) === '1', 30_000);
    const fileOwner = ownerOfShard(shardOf(FILE_APP, SHARDS));
    const fileReceiver = replicas.find((r) => r.id !== fileOwner)!;
    const sha = repo.commit({ [`apps/${FILE_APP}/cm.yaml`]: configMap(FILE_APP, '2') }, 'change the app of a file');
    const push = JSON.stringify({
      ref: 'refs/heads/main',
      after: sha,
      repository: { clone_url: repo.dir, default_branch: 'main' },
      commits: [{ id: sha, added: [], removed: [], modified: [`apps/${FILE_APP}/cm.yaml`] }],
      pusher: { name: 'dev' },
    });
    const pushed = await fetch(`${fileReceiver.url}/webhooks/github`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
        'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(push).digest('hex')}`,
      },
      body: push,
    });
    assert.equal(pushed.status, 202, await pushed.text());
    await until('the owner applied the forwarded webhook', async () => (await cmValue(FILE_APP)) === '2', 20_000);
    const fileSyncs = (await syncs()).filter((s) => s.app === FILE_APP);
    assert.equal(fileSyncs.at(-1)!.owner, fileOwner, 'the sync was the owner’s');
    assert.equal(fileSyncs.at(-1)!.trigger, 'webhook');
    assert.ok(
      fileSyncs.every((s) => s.owner === fileOwner),
      'only the owner ever synced the app of a file',
    );
    const githubRows = await rows<{ detail: { apps: string[]; forwarded?: string[]; forwardedBy?: string; forwardFailed?: unknown } }>(
      "SELECT detail FROM audit_log WHERE action = 'webhook.accepted' AND actor = 'webhook:github' ORDER BY id",
    );
    const byReceiver = githubRows.filter((r) => !r.detail.forwardedBy);
    const byOwner = githubRows.filter((r) => r.detail.forwardedBy);
    assert.equal(byReceiver.length, 1, JSON.stringify(githubRows));
    assert.deepEqual(byReceiver[0].detail.forwarded, [FILE_APP], JSON.stringify(githubRows));
    assert.equal(byReceiver[0].detail.forwardFailed, undefined);
    assert.equal(byOwner.length, 1, 'forwarded once, to the owner only, and not forwarded again');
    assert.equal(byOwner[0].detail.forwardedBy, fileReceiver.id);
    assert.deepEqual(byOwner[0].detail.apps, [FILE_APP]);
    // A forged forward (no valid signature) is refused by the owner like any webhook.
    const fileOwnerReplica = replicas.find((r) => r.id === fileOwner)!;
    const forged = await fetch(`${fileOwnerReplica.url}/webhooks/github`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-tideway-forwarded-by': fileReceiver.id,
        'x-hub-signature-256': `sha256=${'0'.repeat(64)}`,
      },
      body: push,
    });
    assert.equal(forged.status, 401);

    // 4. kill -9 one replica: another takes its shard within the lease duration, and heals its apps.
    const victim = replicas.find((r) => r.id === ownerOfShard(1))!;
    const victimShards = spread.flatMap((x, s) => (x.holder === victim.id ? [s] : []));
    const victimApps = names.filter((n) => victimShards.includes(shardOfApp(n)));
    const victimSyncs = (await syncs()).filter((s) => s.owner === victim.id).length;
    victim.child.kill('SIGKILL');
    const killedAt = Date.now();
    for (const name of victimApps) await kube.client.request('DELETE', `/api/v1/namespaces/${dest}/configmaps/${name}`);
    const taken = await waitFor(
      'the shard taken by a survivor',
      async () => {
        const h = await holders();
        return victimShards.every((s) => h[s].holder && h[s].holder !== victim.id) && h;
      },
      { timeoutMs: 20_000, intervalMs: 50 },
    );
    const takeoverMs = Date.now() - killedAt;
    await waitFor('the victim’s apps healed', () => allSynced(victimApps, '1'), { timeoutMs: 120_000, intervalMs: 500 });
    const healedMs = Date.now() - killedAt;
    t.diagnostic(`kill -9: shard taken after ${takeoverMs} ms, its ${victimApps.length} apps healed after ${healedMs} ms`);
    assert.ok(takeoverMs < LEASE_MS + 2000, `takeover within the lease duration + 2 s (${takeoverMs} ms)`);
    for (const s of victimShards) assert.equal(taken[s].transitions, spread[s].transitions + 1, 'a transition counted');
    const afterKill = await syncs();
    assert.equal(afterKill.filter((s) => s.owner === victim.id).length, victimSyncs, 'the victim’s history is kept');
    for (const name of victimApps) {
      const last = afterKill.filter((s) => s.app === name).at(-1)!;
      assert.equal(last.owner, taken[shardOfApp(name)].holder, `${name} healed by the new holder`);
    }

    // 5. A partitioned replica (its Lease requests fail, its other traffic not): it stops writing before its shards are taken.
    const survivors = replicas.filter((r) => r !== victim);
    const now = await holders();
    const partitioned = survivors.find((r) => now.some((x) => x.holder === r.id))!;
    const cutShards = now.flatMap((x, s) => (x.holder === partitioned.id ? [s] : []));
    const cutApps = names.filter((n) => cutShards.includes(shardOfApp(n)));
    writeFileSync(path.join(tmp, `${partitioned.id}.partitioned`), '');
    const cutAt = Date.now();
    // Work for its apps, again and again, while it may still think it holds them.
    const drift = setInterval(() => {
      for (const name of cutApps)
        void kube.client.request('DELETE', `/api/v1/namespaces/${dest}/configmaps/${name}`).catch(() => undefined);
    }, 300);
    let moved: Awaited<ReturnType<typeof holders>>;
    try {
      moved = await waitFor(
        'the partitioned replica’s shards taken',
        async () => {
          const h = await holders();
          return cutShards.every((s) => h[s].holder && h[s].holder !== partitioned.id) && h;
        },
        { timeoutMs: 20_000, intervalMs: 50 },
      );
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      clearInterval(drift);
    }
    await until('its apps healed by the new holder', () => allSynced(cutApps, '1'), 120_000, 500);
    const all = await syncs();
    const lastByPartitioned = all
      .filter((s) => s.owner === partitioned.id && cutApps.includes(s.app))
      .reduce((m, s) => Math.max(m, Date.parse(s.finished_at ?? s.started_at)), 0);
    const startedByPartitionedLate = all.filter(
      (s) => s.owner === partitioned.id && Date.parse(s.started_at) > cutAt + RENEW_DEADLINE_MS + 200,
    );
    assert.deepEqual(startedByPartitionedLate, [], 'no sync started by the partitioned replica after its renew deadline');
    for (const s of cutShards) {
      const acquired = Date.parse(moved[s].acquireTime!);
      assert.ok(
        lastByPartitioned < acquired,
        `the partitioned replica's last write (${lastByPartitioned}) came before the takeover (${acquired})`,
      );
      t.diagnostic(
        `partition: shard ${s} taken ${acquired - cutAt} ms after the cut; the cut replica's last sync ended ${lastByPartitioned - cutAt} ms after it`,
      );
    }
    // Shards changed hands twice: the new holders found every app recorded and wrote no second row.
    await assertAddedOnce([...names, FILE_APP], 'after two takeovers');
  });
});
