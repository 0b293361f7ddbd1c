import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestRepo, type TestRepo } from '../../test/support/git-repo.js';
import { configMap } from '../../test/support/manifests.js';
import { resolveApplication } from '../core/application/resolve-application.js';
import type { EngineDeps } from '../engine/deps.js';
import { silentLogger } from '../log/logger.js';
import { createRenderer } from '../render/select-renderer.js';
import { createGitSource } from '../source/git/index.js';
import { openMemoryStore } from '../store/memory/index.js';
import { createMemoryTarget } from '../target/memory/memory-target.js';
import { appHealth, reconcileApp, type AppRuntime, type ReconcileContext } from './reconcile-app.js';
import type { WorkItem } from './work-queue.js';
import type { Manifest } from '../core/model/manifest.js';
import type { AppIdentity, ApplyOptions, Target } from '../target/target.js';
import { waitFor } from '../../test/support/wait-for.js';

test('the app health names the object that makes it so', async () => {
  const result = {
    app: 'a',
    revision: { sha: 'x' },
    dryRun: false,
    phase: 'Succeeded' as const,
    health: 'Degraded' as const,
    startedAt: '',
    finishedAt: '',
    entries: [
      {
        ref: { group: '', kind: 'ConfigMap', namespace: 'n', name: 'c' },
        action: 'unchanged' as const,
        health: { status: 'Healthy' as const },
      },
      {
        ref: { group: 'apps', kind: 'Deployment', namespace: 'n', name: 'web' },
        action: 'configured' as const,
        health: { status: 'Degraded' as const, message: 'progress deadline exceeded' },
      },
    ],
  };
  assert.deepEqual(appHealth(result), { status: 'Degraded', message: 'Deployment/n/web: progress deadline exceeded' });
  assert.deepEqual(appHealth({ ...result, health: 'Healthy' }), { status: 'Healthy' });
});

describe('reconcileApp on the memory target: status is right when the render is empty or objects fail', () => {
  let cacheDir: string;
  let repo: TestRepo;
  before(() => {
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'tideway-reconcile-test-'));
    repo = createTestRepo({ 'web/a.yaml': configMap('a', '1'), 'web/b.yaml': configMap('b', '1') });
  });
  after(() => {
    repo.remove();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  const setup = (automated: boolean, target: Target = createMemoryTarget(), dir = 'web') => {
    const source = createGitSource({ cacheDir });
    const deps: EngineDeps = { source, renderer: createRenderer(), target, log: silentLogger, clock: () => new Date() };
    const store = openMemoryStore();
    const app = resolveApplication({
      apiVersion: 'tideway.dev/v1alpha1',
      kind: 'Application',
      metadata: { name: `${dir}-${automated}` },
      spec: {
        source: { repoURL: repo.dir, targetRevision: 'main', path: dir },
        destination: { namespace: 'shop' },
        syncPolicy: automated ? { automated: { prune: true, selfHeal: true } } : {},
      },
    });
    const ctx: ReconcileContext = {
      deps,
      store,
      resolve: (a) => source.resolve(a.source),
      onRendered: (_a, objects) => objects,
      healWaitMs: () => 0,
    };
    const runtime: AppRuntime = { attempts: 0 };
    const reconcile = (trigger: WorkItem['trigger']) => reconcileApp(ctx, app, runtime, { trigger }, new AbortController().signal);
    return { store, app, reconcile, target };
  };

  test('an empty render leaves the app OutOfSync with a condition, automated or not', async () => {
    const automated = setup(true);
    const manual = setup(false);
    await automated.reconcile('user');
    await manual.reconcile('user');
    for (const s of [automated, manual]) assert.equal((await s.store.getStatus(s.app.name))?.syncStatus, 'Synced');
    repo.commit({ 'web/a.yaml': null, 'web/b.yaml': null, 'web/none.yaml': '# moved\n' }, 'everything gone');
    await automated.reconcile('poll');
    await manual.reconcile('poll');
    for (const s of [automated, manual]) {
      const status = (await s.store.getStatus(s.app.name))!;
      assert.equal(status.syncStatus, 'OutOfSync', s.app.name);
      assert.match(status.conditions[0]?.message ?? '', /rendering produced no objects while the app owns 2/, s.app.name);
    }
    repo.commit({ 'web/a.yaml': configMap('a', '1'), 'web/b.yaml': configMap('b', '1') }, 'back');
  });

  test('failed applies make the app Degraded, naming the object', async () => {
    const failing = createMemoryTarget({
      fail: (o) => (o.kind === 'ConfigMap' && o.metadata.name === 'b' ? 'the API server refused it' : undefined),
    });
    const s = setup(true, failing);
    await s.reconcile('user');
    const status = (await s.store.getStatus(s.app.name))!;
    assert.equal(status.syncStatus, 'OutOfSync');
    assert.equal(status.health.status, 'Degraded');
    assert.match(status.health.message ?? '', /^ConfigMap\/shop\/b: /);
  });

  test('a sync the agent never finishes keeps, as Interrupted, the entries it applied', async () => {
    repo.commit(
      { 'cut/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: { name: extra }\n', 'cut/cm.yaml': configMap('late', '1') },
      'namespace and configmap',
    );
    const memory = createMemoryTarget();
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    // The second stage never answers until released: the agent is "killed" meanwhile.
    const target: Target = Object.assign(Object.create(memory) as Target, {
      apply: async (id: AppIdentity, objects: Manifest[], options: ApplyOptions) => {
        if (!options.dryRun && objects.some((o) => o.kind === 'ConfigMap')) await held;
        return memory.apply(id, objects, options);
      },
    });
    const s = setup(true, target, 'cut');
    const running = s.reconcile('user');
    const recorded = await waitFor('the first entries to be recorded', async () => {
      const [sync] = await s.store.listHistory(s.app.name);
      return sync?.entries.length ? sync : undefined;
    });
    assert.equal(recorded.result, 'Running');
    assert.equal(await s.store.markInterrupted(), 1); // what the next agent does at start
    const [sync] = await s.store.listHistory(s.app.name);
    assert.equal(sync.result, 'Interrupted');
    assert.deepEqual(
      sync.entries.map((e) => `${e.action} ${e.ref.kind}/${e.ref.name}`),
      ['created Namespace/extra'],
    );
    release();
    await running;
  });
});
