/**
 * Custom health checks reach the engine: an app's own CEL checks (spec.healthCheckExprs), the agent's
 * (or the command line's) Lua and CEL checks (--health-checks), and CRDs without a status subresource,
 * against the real API server. No controller runs for these kinds: the test writes their status
 * through the status subresource, as a controller would.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveApplication } from '../core/application/resolve-application.js';
import { builtinHealthChecks } from '../core/health/health-of.js';
import type { ObjectRef } from '../core/model/object-ref.js';
import { loadHealthChecks, type LoadedHealthChecks } from '../health-checks/load-health-checks.js';
import { createTestRepo, type TestRepo } from '../../test/support/git-repo.js';
import { createEngineFixture, deleteNamespace, testKubeconfigPath, uniqueName } from '../../test/support/engine-fixture.js';
import { setStatus } from '../../test/support/kube.js';
import { appHealthTable } from './app-health-table.js';
import { readHealth } from './sync/read-health.js';
import { syncApplication } from './sync/sync-app.js';

const bin = path.join(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'), 'bin/tideway.js');

const crd = (group: string, kind: string, plural: string, status: boolean) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: ${plural}.${group} }
spec:
  group: ${group}
  scope: Namespaced
  names: { kind: ${kind}, plural: ${plural}, listKind: ${kind}List }
  versions:
    - name: v1
      served: true
      storage: true
      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
${status ? '      subresources: { status: {} }\n' : ''}`;

const gadgetChecks = [
  {
    apiVersion: 'GROUP/v1',
    kind: 'Gadget',
    inProgress:
      "!has(self.status) || !has(self.status.conditions) || self.status.conditions.exists(c, c.type == 'Ready' && c.reason == 'Building')",
    failed: "self.status.conditions.exists(c, c.type == 'Ready' && c.status == 'False')",
    current: "self.status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')",
  },
];

const dialLua = `if obj.status ~= nil and obj.status.level ~= nil and obj.status.level >= 3 then
  return {status = "Healthy", message = "Turned to " .. obj.status.level}
end
return {status = "Progressing", message = "Turning"}
`;

describe('custom health checks in the engine, on the real API server', () => {
  const fx = createEngineFixture();
  const group = `${uniqueName('health')}.example.com`;
  const ns = uniqueName('custom-health');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tideway-custom-health-'));
  const checksDir = path.join(tmp, 'checks');
  let repo: TestRepo;
  let checks: LoadedHealthChecks;
  const ref = (kind: string, name: string): ObjectRef => ({ group, version: 'v1', kind, name, namespace: ns });
  const live = (kind: string, name: string) => ({ apiVersion: `${group}/v1`, kind, name, namespace: ns });

  const application = (name: string) =>
    resolveApplication({
      apiVersion: 'tideway.dev/v1alpha1',
      kind: 'Application',
      metadata: { name },
      spec: {
        source: { repoURL: repo.dir, targetRevision: 'main', path: 'manifests' },
        destination: { namespace: ns },
        syncPolicy: { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] },
        healthCheckExprs: gadgetChecks.map((c) => ({ ...c, apiVersion: `${group}/v1` })),
      },
    });

  before(async () => {
    repo = createTestRepo({
      'manifests/crds.yaml': [
        crd(group, 'Gadget', 'gadgets', true),
        crd(group, 'Dial', 'dials', true),
        crd(group, 'Note', 'notes', false),
        crd(group, 'Widget', 'widgets', true),
      ].join('---\n'),
      'manifests/objects.yaml': ['Gadget', 'Dial', 'Note', 'Widget']
        .map((kind) => `apiVersion: ${group}/v1\nkind: ${kind}\nmetadata: { name: one }\nspec: { size: 1 }\n`)
        .join('---\n'),
    });
    mkdirSync(path.join(checksDir, group, 'Dial'), { recursive: true });
    writeFileSync(path.join(checksDir, group, 'Dial', 'health.lua'), dialLua);
    checks = await loadHealthChecks([checksDir], builtinHealthChecks);
  });

  after(async () => {
    checks?.close();
    for (const plural of ['gadgets', 'dials', 'notes', 'widgets'])
      await fx.target.client.request('DELETE', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${plural}.${group}`);
    await deleteNamespace(fx.target, ns);
    repo?.remove();
    fx.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  test("an app's CEL check, the agent's Lua check and a CRD without status decide the health; the status subresource moves them to Healthy", async () => {
    const app = application(uniqueName('custom'));
    const deps = { ...fx, healthChecks: checks.entries };
    const first = await syncApplication(deps, app, { timeoutMs: 60_000 });
    assert.equal(first.phase, 'Succeeded', first.message);
    const table = await appHealthTable(fx.target.healthTable, checks.entries, app);
    const refs = ['Gadget', 'Dial', 'Note', 'Widget'].map((k) => ref(k, 'one'));
    const health = async () =>
      Object.fromEntries((await readHealth(fx.target, refs, table)).objects.map((o) => [o.ref.kind, `${o.status}: ${o.message ?? ''}`]));

    assert.deepEqual(await health(), {
      Gadget: 'Progressing: spec.healthCheckExprs[0].inProgress is true',
      Dial: 'Progressing: Turning',
      Note: 'Healthy: No status to assess',
      Widget: 'Progressing: Waiting for the Widget controller to write status',
    });

    await setStatus(live('Gadget', 'one'), {
      conditions: [{ type: 'Ready', status: 'False', reason: 'Building', message: 'Building 1 of 2' }],
    });
    assert.equal((await health()).Gadget, 'Progressing: Building 1 of 2');
    await setStatus(live('Gadget', 'one'), { conditions: [{ type: 'Ready', status: 'False', reason: 'Broken', message: 'Out of parts' }] });
    assert.equal((await health()).Gadget, 'Degraded: Out of parts');
    await setStatus(live('Gadget', 'one'), { conditions: [{ type: 'Ready', status: 'True', reason: 'Built' }] });
    await setStatus(live('Dial', 'one'), { level: 3 });
    await setStatus(live('Widget', 'one'), { conditions: [{ type: 'Ready', status: 'True' }] });
    assert.deepEqual(await health(), {
      Gadget: 'Healthy: ',
      Dial: 'Healthy: Turned to 3',
      Note: 'Healthy: No status to assess',
      Widget: 'Healthy: Ready',
    });

    // The sync's own verdict uses the same table: a re-sync with --wait is Healthy at once.
    const again = await syncApplication(deps, app, { wait: true, timeoutMs: 20_000 });
    assert.equal(again.phase, 'Succeeded', again.message);
    assert.equal(again.health, 'Healthy');
    const gadget = again.entries.find((e) => e.ref.kind === 'Gadget');
    assert.equal(gadget?.health?.status, 'Healthy', 'the outcome of the apply is judged by the app table too');
  });

  test('tideway sync -f --health-checks DIR --wait waits on the Lua check until the status subresource says Healthy', async () => {
    const name = uniqueName('cli-health');
    const file = path.join(tmp, `${name}.yaml`);
    writeFileSync(
      file,
      `apiVersion: tideway.dev/v1alpha1
kind: Application
metadata: { name: ${name} }
spec:
  source: { repoURL: ${repo.dir}, targetRevision: main, path: manifests }
  destination: { namespace: ${ns} }
  syncPolicy: { syncOptions: [CreateNamespace=true] }
`,
    );
    // The objects of the first test are owned by its app: reset what this one waits on, then adopt.
    await setStatus(live('Dial', 'one'), { level: 1 });
    await setStatus(live('Gadget', 'one'), { conditions: [{ type: 'Ready', status: 'True' }] });
    const started = Date.now();
    const run = promisify(execFile)(
      process.execPath,
      [
        bin,
        'sync',
        '-f',
        file,
        '--adopt',
        '--wait',
        '--timeout',
        '60s',
        '--health-checks',
        checksDir,
        '--kubeconfig',
        testKubeconfigPath(),
        '-o',
        'json',
      ],
      { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    // The command line waits on the Dial (Turning); the test turns it once the sync is under way.
    await new Promise((r) => setTimeout(r, 3000));
    await setStatus(live('Dial', 'one'), { level: 5 });
    const { stdout } = await run.catch((err: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
    });
    const result = JSON.parse(stdout) as {
      phase: string;
      health: string;
      entries: { ref: ObjectRef; health?: { status: string; message?: string } }[];
    };
    assert.equal(result.phase, 'Succeeded');
    assert.deepEqual(
      result.entries.find((e) => e.ref.kind === 'Dial')?.health,
      { status: 'Progressing', message: 'Turning' },
      'the Lua check of --health-checks judged the Dial',
    );
    assert.equal(result.health, 'Healthy');
    assert.ok(Date.now() - started >= 3000, 'the command waited until the Dial was turned');
  });
});
