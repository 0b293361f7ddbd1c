/**
 * Application objects and Project objects in the cluster (Argo CD's "apps in any namespace"): a real
 * agent against the real test control plane. Projects are read from the agent's namespace only; an
 * Application outside it needs a project listing its namespace in sourceNamespaces; a change of a
 * Project object checks its apps again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type AgentFixture, eventually, startAgentFixture } from '../../test/support/agent-fixture.js';
import { applyApplicationCrd, applyProjectCrd, createNamespace } from '../../test/support/controller-fixture.js';
import { deleteNamespace, getObject, testKubeconfigPath, uniqueName } from '../../test/support/engine-fixture.js';
import { createTestRepo, type TestRepo } from '../../test/support/git-repo.js';
import { configMap } from '../../test/support/manifests.js';
import { createKubernetesTarget, type KubernetesTarget } from '../target/kubernetes/index.js';
import { applicationPath } from './cluster-apps/application-watch.js';
import { projectsPath } from './cluster-projects.js';

describe('Application and Project objects of the cluster', () => {
  let kube: KubernetesTarget;
  let fx: AgentFixture;
  let repo: TestRepo;
  const agentNs = uniqueName('tw-agent');
  const teamNs = uniqueName('tw-team');
  const otherNs = uniqueName('tw-other');
  const dests: string[] = [];

  const teamProject = (sourceNamespaces: string[]) => ({
    apiVersion: 'tideway.dev/v1alpha1',
    kind: 'Project',
    metadata: { name: 'team', namespace: agentNs },
    spec: { sourceRepos: ['*'], destinations: [{ namespace: 'tw-dest-*' }], sourceNamespaces, permissions: { localSources: true } },
  });
  const application = (name: string, namespace: string, project?: string) => {
    const dest = uniqueName('tw-dest');
    dests.push(dest);
    return {
      apiVersion: 'tideway.dev/v1alpha1',
      kind: 'Application',
      metadata: { name, namespace },
      spec: {
        ...(project ? { project } : {}),
        source: { repoURL: repo.dir, targetRevision: 'main', path: 'manifests', interval: '1h' },
        destination: { namespace: dest },
        syncPolicy: { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] },
      },
    };
  };
  const post = async (path: string, body: object) => {
    const res = await kube.client.request('POST', path, { body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  };
  const conditionOf = async (name: string) =>
    ((await fx.agent.control.getApp(name))?.status?.conditions ?? []).find((c) => c.type === 'ProjectViolation')?.message;

  before(async () => {
    kube = createKubernetesTarget({ kubeconfig: testKubeconfigPath() });
    await applyApplicationCrd(kube);
    await applyProjectCrd(kube);
    for (const ns of [agentNs, teamNs, otherNs]) await createNamespace(kube, ns);
    repo = createTestRepo({ 'manifests/a.yaml': configMap('a', '1') });
    await post(projectsPath(agentNs), teamProject([teamNs]));
    // A Project outside the agent's namespace is never read, whoever wrote it.
    await post(projectsPath(teamNs), { ...teamProject([teamNs, otherNs]), metadata: { name: 'sneaky', namespace: teamNs } });
    fx = await startAgentFixture({ watchApplications: { all: false, namespaces: [agentNs, teamNs, otherNs] }, namespace: agentNs });
  });
  after(async () => {
    await fx?.close();
    for (const ns of [agentNs, teamNs, otherNs, ...dests]) await deleteNamespace(kube, ns);
    kube.close();
    repo?.remove();
  });

  test('an Application in a namespace its project (a Project object) lists is synced', async () => {
    const app = application('team-web', teamNs, 'team');
    await post(applicationPath(teamNs), app);
    await eventually(
      'synced',
      async () => (await getObject(kube, `/api/v1/namespaces/${app.spec.destination.namespace}/configmaps/a`)) !== undefined,
      30_000,
    );
  });

  test('an Application outside the agent namespace in the default project is refused (SourceNamespace), nothing is applied', async () => {
    const app = application('team-default', teamNs);
    await post(applicationPath(teamNs), app);
    const message = await eventually('refused', () => conditionOf('team-default'), 20_000);
    assert.match(message, /SourceNamespace: metadata\.namespace: project "default" does not allow Applications in namespace/);
    assert.equal(await getObject(kube, `/api/v1/namespaces/${app.spec.destination.namespace}/configmaps/a`), undefined);
  });

  test("an Application in the agent's namespace may use the default project, but never a local path", async () => {
    await post(applicationPath(agentNs), application('home-local', agentNs));
    assert.match(
      await eventually('refused', () => conditionOf('home-local'), 20_000),
      /LocalSource: spec\.source\.repoURL: project "default" does not allow local paths/,
    );
  });

  test("a Project object outside the agent's namespace is unknown to it", async () => {
    await post(applicationPath(otherNs), application('other-sneaky', otherNs, 'sneaky'));
    assert.match(
      await eventually('refused', () => conditionOf('other-sneaky'), 20_000),
      /UnknownProject: spec\.project: project "sneaky" is not defined/,
    );
  });

  test('a change of a Project object checks its apps again: a namespace taken out of sourceNamespaces refuses its app', async () => {
    const path = `${projectsPath(agentNs)}/team`;
    const res = await kube.client.request('PATCH', path, {
      contentType: 'application/merge-patch+json',
      body: { spec: { sourceNamespaces: [otherNs] } },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.match(
      await eventually('team-web refused', () => conditionOf('team-web'), 20_000),
      /SourceNamespace: metadata\.namespace: project "team" does not allow Applications in namespace/,
    );
  });
});
