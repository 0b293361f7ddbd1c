/**
 * The two measured attacks through an app of apps (issue 23, "Projects"), against a real agent, real
 * git repositories (one served over HTTP, as a remote) and the test API server:
 * - a parent whose destination is Kubernetes declares a child with `destination: {target: host}` and
 *   a host `Service` running `/bin/sh -c "id > ..."` (the agent runs with allowRoot);
 * - a child sets `repoURL` to the agent's own bare mirror of another team's repository
 *   (`<data-dir>/git/repos/<hash of the URL>`) to deploy that team's Secret into its own namespace.
 * Both are refused before anything is fetched or rendered, with a `ProjectViolation` condition
 * naming the rule; a child whose project allows the host target and Services runs as before.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestRepo, type TestRepo } from '../../test/support/git-repo.js';
import { deleteNamespace, getObject, testKubeconfigPath, uniqueName } from '../../test/support/engine-fixture.js';
import { eventually } from '../../test/support/agent-fixture.js';
import { silentLogger } from '../log/logger.js';
import { parseRepoLocation } from '../source/git/index.js';
import { startGitHttpServer, type GitHttpServer } from '../source/git/testing/git-http-server.js';
import { createKubernetesTarget, type KubernetesTarget } from '../target/kubernetes/index.js';
import { type Agent, createAgent } from './agent.js';

const child = (name: string, repoURL: string, appPath: string, destination: string, project?: string) => `---
apiVersion: tideway.dev/v1alpha1
kind: Application
metadata: { name: ${name} }
spec:
${project ? `  project: ${project}\n` : ''}  source: { repoURL: "${repoURL}", targetRevision: main, path: ${appPath}, interval: 1h }
  destination: ${destination}
  syncPolicy: { automated: { prune: true }, syncOptions: [CreateNamespace=true] }
`;
const hostService = (name: string, marker: string) => `apiVersion: host.tideway.dev/v1alpha1
kind: Service
metadata: { name: ${name} }
spec: { command: /bin/sh, args: [-c, "id > ${marker}"], restartPolicy: Never }
`;
const secret = (namespace: string) =>
  `apiVersion: v1\nkind: Secret\nmetadata: { name: db, namespace: ${namespace} }\nstringData: { password: team-b-only }\n`;

describe('projects bound what a child app may do', () => {
  let dir: string;
  let agent: Agent;
  let kube: KubernetesTarget;
  let server: GitHttpServer;
  let attacker: TestRepo;
  let teamB: TestRepo;
  const ns = { parent: uniqueName('parent'), teamB: uniqueName('team-b'), attacker: uniqueName('attacker') };
  const markers = { refused: '', allowed: '' };
  const status = async (app: string) => (await agent.control.getApp(app))?.status;
  const violation = async (app: string) => (await status(app))?.conditions.find((c) => c.type === 'ProjectViolation');

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-projects-'));
    const dataDir = path.join(dir, 'data');
    markers.refused = path.join(dir, 'refused-id');
    markers.allowed = path.join(dir, 'allowed-id');
    teamB = createTestRepo({ 'manifests/secret.yaml': secret(ns.teamB) });
    attacker = createTestRepo({ 'host/svc.yaml': hostService('id', markers.refused), 'ok/svc.yaml': hostService('id', markers.allowed) });
    server = await startGitHttpServer({ projectRoot: path.dirname(attacker.dir) });
    const remote = `${server.url}${path.basename(attacker.dir)}`;
    const mirror = path.join(dataDir, 'git', 'repos', parseRepoLocation(teamB.dir).key);
    attacker.commit({
      'apps/children.yaml': [
        child('evil-host', remote, 'host', '{ target: host }'),
        child('steal-mirror', mirror, 'manifests', `{ namespace: ${ns.attacker} }`),
        child('steal-file-url', `file://${mirror}`, 'manifests', `{ namespace: ${ns.attacker} }`),
        child('steal-path', teamB.dir, 'manifests', `{ namespace: ${ns.attacker} }`),
        child('allowed-host', remote, 'ok', '{ target: host }', 'host-ops'),
      ].join(''),
    });
    const appsDir = path.join(dir, 'apps');
    mkdirSync(appsDir);
    writeFileSync(
      path.join(appsDir, 'team-b.yaml'),
      child('team-b', teamB.dir, 'manifests', `{ namespace: ${ns.teamB} }`).replace(/^---\n/, ''),
    );
    writeFileSync(
      path.join(appsDir, 'parent.yaml'),
      child('parent', attacker.dir, 'apps', `{ namespace: ${ns.parent} }`).replace(/^---\n/, ''),
    );
    writeFileSync(
      path.join(appsDir, 'projects.yaml'),
      `apiVersion: tideway.dev/v1alpha1
kind: Project
metadata: { name: host-ops }
spec:
  sourceRepos: ["${server.url}*"]
  destinations: [{ target: host }]
  parentProjects: [default]
  permissions: { hostServices: true }
`,
    );
    kube = createKubernetesTarget({ kubeconfig: testKubeconfigPath() });
    agent = createAgent({
      dataDir,
      apps: [appsDir],
      kubeconfig: testKubeconfigPath(),
      hostRoot: path.join(dir, 'host'),
      allowRoot: true,
      apiPort: 0,
      appsRescanMs: 200,
      log: silentLogger,
    });
    await agent.start();
    await eventually('team b synced (its mirror exists)', async () => (await status('team-b'))?.syncStatus === 'Synced', 30_000);
  });

  after(async () => {
    await agent?.stop(10_000);
    await server?.close();
    for (const n of Object.values(ns)) await deleteNamespace(kube, n);
    kube?.close();
    attacker?.remove();
    teamB?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a child of a Kubernetes parent cannot choose the host target and run a command there', async () => {
    const condition = await eventually('evil-host refused', () => violation('evil-host'), 30_000);
    assert.match(
      condition.message,
      /^refused by its project before any fetch or render: Destination: spec\.destination: project "default" does not allow the host target/,
    );
    await eventually(
      'allowed-host ran `id` (its project allows host Services)',
      () => existsSync(markers.allowed) && /^uid=/.test(readFileSync(markers.allowed, 'utf8')),
      30_000,
    );
    assert.equal(existsSync(markers.refused), false, 'the refused child never ran its command');
    assert.equal((await agent.control.history('evil-host'))?.length ?? 0, 0, 'no sync was even started');
    const audit = await agent.control.audit({ app: 'evil-host', limit: 20 });
    assert.ok(audit.some((e) => e.action === 'project.violation'));
  });

  test("a child cannot read another team's repository through the agent's mirror, file:// or a local path", async () => {
    for (const [app, rule] of [
      ['steal-mirror', /AgentDataDir: spec\.source\.repoURL: the agent's data directory is never a source; LocalSource/],
      ['steal-file-url', /AgentDataDir: .*; LocalSource/],
      [
        'steal-path',
        /^refused by its project before any fetch or render: LocalSource: spec\.source\.repoURL: a child Application cannot use a local path/,
      ],
    ] as const) {
      const condition = await eventually(`${app} refused`, () => violation(app), 30_000);
      assert.match(condition.message, rule);
    }
    assert.ok(await getObject(kube, `/api/v1/namespaces/${ns.teamB}/secrets/db`), "team b's own Secret is deployed");
    assert.equal(
      await getObject(kube, `/api/v1/namespaces/${ns.attacker}/secrets/db`),
      undefined,
      "team b's Secret never reaches the attacker",
    );
  });
});
