/**
 * The agent's --health-checks and an app's spec.healthCheckExprs judge the app's custom resources in
 * the running agent (its status, the API), against a real API server. No controller runs for these
 * kinds: the test writes their status through the status subresource.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appYaml, eventually, startAgentFixture, type AgentFixture } from '../../test/support/agent-fixture.js';
import { createTestRepo, type TestRepo } from '../../test/support/git-repo.js';
import { deleteNamespace, testKubeconfigPath, uniqueName } from '../../test/support/engine-fixture.js';
import { setStatus } from '../../test/support/kube.js';
import { createKubernetesTarget, type KubernetesTarget } from '../target/kubernetes/index.js';

describe("the agent's health checks", () => {
  let fx: AgentFixture;
  let kube: KubernetesTarget;
  let repo: TestRepo;
  const group = `${uniqueName('agent-health')}.example.com`;
  const ns = uniqueName('agent-health');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tideway-agent-health-'));

  before(async () => {
    const checks = path.join(tmp, 'checks');
    mkdirSync(path.join(checks, group, 'Dial'), { recursive: true });
    writeFileSync(
      path.join(checks, group, 'Dial', 'health.lua'),
      'if obj.status ~= nil and obj.status.level ~= nil and obj.status.level >= 3 then\n  return {status = "Healthy"}\nend\nreturn {status = "Progressing", message = "Turning"}\n',
    );
    fx = await startAgentFixture({ healthChecks: [checks] });
    kube = createKubernetesTarget({ kubeconfig: testKubeconfigPath() });
    repo = createTestRepo({
      'manifests/crd.yaml': `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: dials.${group} }
spec:
  group: ${group}
  scope: Namespaced
  names: { kind: Dial, plural: dials, listKind: DialList }
  versions:
    - name: v1
      served: true
      storage: true
      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
      subresources: { status: {} }
`,
      'manifests/dial.yaml': `apiVersion: ${group}/v1\nkind: Dial\nmetadata: { name: one }\nspec: { size: 1 }\n`,
    });
  });
  after(async () => {
    await fx.close();
    await kube.client.request('DELETE', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/dials.${group}`);
    await deleteNamespace(kube, ns);
    kube.close();
    repo.remove();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('the Lua check of --health-checks decides the app health; the status subresource turns it Healthy', async () => {
    const name = uniqueName('dial');
    fx.writeApp(name, appYaml(name, repo.dir, ns, { interval: '1s' }));
    const waiting = await eventually(
      'the app Progressing because of the Lua check',
      async () => {
        const health = (await fx.agent.control.getApp(name))?.status?.health;
        return health?.status === 'Progressing' && health.message?.includes('Turning') ? health : undefined;
      },
      30_000,
      100,
    );
    assert.equal(waiting.message, `Dial/${ns}/one: Turning`);
    await setStatus({ apiVersion: `${group}/v1`, kind: 'Dial', name: 'one', namespace: ns }, { level: 3 });
    await eventually(
      'the app Healthy',
      async () => (await fx.agent.control.getApp(name))?.status?.health.status === 'Healthy',
      30_000,
      100,
    );
  });
});
