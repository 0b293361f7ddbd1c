/**
 * The engine checks the rendered objects against the app's project before any write: a denied kind,
 * namespace or host Service fails the sync with `ProjectViolation`, and nothing is applied, pruned,
 * recorded in the inventory, nor is the destination namespace created. Memory target, real git and
 * the real renderer.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestRepo, type TestRepo } from '../../../test/support/git-repo.js';
import { configMap } from '../../../test/support/manifests.js';
import { resolveApplication } from '../../core/application/resolve-application.js';
import { TidewayError } from '../../core/errors.js';
import { resolveProject } from '../../core/project/resolve-project.js';
import { silentLogger } from '../../log/logger.js';
import { createRenderer } from '../../render/select-renderer.js';
import { createGitSource } from '../../source/git/index.js';
import { createMemoryTarget } from '../../target/memory/memory-target.js';
import { syncApplication } from './sync-app.js';

const clusterRole = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: everything }\nrules: []\n';
const project = (spec: Record<string, unknown>) =>
  resolveProject({ apiVersion: 'tideway.dev/v1alpha1', kind: 'Project', metadata: { name: 'team' }, spec });

describe('the sync runner with a project', () => {
  let cacheDir: string;
  let repo: TestRepo;
  before(() => {
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'tideway-project-sync-'));
    repo = createTestRepo({ 'app/cm.yaml': configMap('a', '1'), 'app/role.yaml': clusterRole });
  });
  after(() => {
    repo.remove();
    rmSync(cacheDir, { recursive: true, force: true });
  });
  const app = resolveApplication({
    apiVersion: 'tideway.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'web' },
    spec: {
      source: { repoURL: 'https://git.example.com/replaced', targetRevision: 'main', path: 'app' },
      destination: { namespace: 'team-a' },
      syncPolicy: { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] },
    },
  });

  const cases = [
    {
      name: 'a cluster-scoped kind the project does not whitelist',
      spec: { destinations: [{ namespace: 'team-a' }] },
      rule: /ClusterRole\/everything: .*clusterResourceWhitelist/,
    },
    {
      name: 'a namespace outside the destinations',
      spec: { destinations: [{ namespace: 'team-b' }], clusterResourceWhitelist: [{ group: '*', kind: '*' }] },
      rule: /ConfigMap\/team-a\/a: project "team" does not allow namespace "team-a"/,
    },
  ];
  for (const c of cases) {
    test(`${c.name} fails the sync before any write`, async () => {
      const target = createMemoryTarget();
      const deps = {
        source: createGitSource({ cacheDir }),
        renderer: createRenderer(),
        target,
        log: silentLogger,
        clock: () => new Date(),
        project: project(c.spec),
      };
      const withRepo = { ...app, source: { ...app.source, repoURL: repo.dir } };
      await assert.rejects(
        syncApplication(deps, withRepo),
        (e: unknown) => e instanceof TidewayError && e.code === 'ProjectViolation' && c.rule.test(e.message),
      );
      assert.equal(await target.readInventory({ name: 'web', inventoryNamespace: 'team-a' }), undefined, 'no inventory written');
      const live = await target.getLive([
        { group: '', version: 'v1', kind: 'ConfigMap', namespace: 'team-a', name: 'a' },
        { group: '', version: 'v1', kind: 'Namespace', name: 'team-a' },
      ]);
      assert.deepEqual(live.filter(Boolean), [], 'nothing applied, not even the namespace');
    });
  }

  test('the same objects sync when the project allows them', async () => {
    const target = createMemoryTarget();
    const allowed = project({
      destinations: [{ namespace: 'team-a' }],
      clusterResourceWhitelist: [{ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' }],
    });
    const deps = {
      source: createGitSource({ cacheDir }),
      renderer: createRenderer(),
      target,
      log: silentLogger,
      clock: () => new Date(),
      project: allowed,
    };
    const result = await syncApplication(deps, { ...app, source: { ...app.source, repoURL: repo.dir } });
    assert.equal(result.phase, 'Succeeded', result.message);
    assert.deepEqual(result.entries.map((e) => `${e.action} ${e.ref.kind}`).sort(), [
      'created ClusterRole',
      'created ConfigMap',
      'created Namespace',
    ]);
  });
});
