import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { deleteNamespace, testKubeconfigPath, uniqueName } from '../../../test/support/engine-fixture.js';
import { createFileDiscoveryStore } from './discovery-store.js';
import { createKubernetesTarget, type KubernetesTarget } from './index.js';

const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'tideway-discovery-'));
const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
  rmSync(cacheDir, { recursive: true, force: true });
});

/** A target on the test control plane with the shared discovery cache, counting discovery requests. */
function target(): { target: KubernetesTarget; discovered: string[] } {
  const t = createKubernetesTarget({ kubeconfig: testKubeconfigPath(), discoveryCacheDir: cacheDir });
  cleanups.push(() => t.close());
  const discovered: string[] = [];
  const request = t.client.request.bind(t.client);
  (t.client as { request: typeof request }).request = (method, p, options) => {
    if (method === 'GET' && /^\/(api|apis\/[^/]+)\/[^/]+$/.test(p)) discovered.push(p);
    return request(method, p, options);
  };
  return { target: t, discovered };
}

/** Creates a namespaced CRD (one served version, v1) through `t`, deleted after the tests; returns its manifest. */
async function createCrd(t: KubernetesTarget, group: string, kind: string, plural: string) {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { kind, plural },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  };
  const created = await t.client.request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: crd });
  assert.equal(created.status, 201);
  cleanups.push(async () => {
    await t.client.request('DELETE', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${plural}.${group}`);
  });
  return crd;
}

test('a later run finds kinds in the discovery cache without asking; a kind the cache does not know is asked of the server', async () => {
  const first = target();
  assert.equal((await first.target.discovery.lookup('apps/v1', 'Deployment'))?.name, 'deployments');
  assert.equal((await first.target.discovery.lookup('v1', 'ConfigMap'))?.name, 'configmaps');
  assert.deepEqual(first.discovered.sort(), ['/api/v1', '/apis/apps/v1']);
  assert.equal(readdirSync(cacheDir).length, 1, 'one file for this API server');

  const second = target();
  assert.equal((await second.target.discovery.lookup('apps/v1', 'Deployment'))?.name, 'deployments');
  assert.equal((await second.target.discovery.lookup('v1', 'ConfigMap'))?.name, 'configmaps');
  assert.deepEqual(second.discovered, [], 'answered from the cache');

  // A CRD established after the cache was written: its kind is asked of the server.
  const group = `${uniqueName('d')}.example.com`;
  const crd = await createCrd(second.target, group, 'Widget', 'widgets');
  // Waited for with discovery of its own: waiting asks the server for the new kind, and would store it in the shared file.
  const waiter = createKubernetesTarget({ kubeconfig: testKubeconfigPath() });
  cleanups.push(() => waiter.close());
  await waiter.waitReady([crd], 30_000);
  const third = target();
  assert.equal((await third.target.discovery.lookup(`${group}/v1`, 'Widget'))?.name, 'widgets');
  assert.deepEqual(third.discovered, [`/apis/${group}/v1`]);
});

test('a kind the cache still lists but the server no longer serves fails once, and the next run asks the server', async () => {
  const ns = uniqueName('stale');
  const t = target();
  cleanups.push(() => deleteNamespace(t.target, ns));
  await t.target.client.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
  // What a run made before the CRD was deleted left behind.
  const store = createFileDiscoveryStore(path.join(cacheDir, readdirSync(cacheDir)[0]), t.target.client.server);
  store.write('gone.example.com/v1', [{ name: 'gizmos', namespaced: true, group: 'gone.example.com', version: 'v1', kind: 'Gizmo' }]);
  const stale = target();
  const [entry] = await stale.target.apply(
    { name: 'stale' },
    [{ apiVersion: 'gone.example.com/v1', kind: 'Gizmo', metadata: { name: 'g', namespace: ns } }],
    {},
  );
  assert.equal(entry.action, 'failed');
  assert.equal(entry.reason, 'HTTP404', entry.message);
  const next = target();
  assert.equal(await next.target.discovery.lookup('gone.example.com/v1', 'Gizmo'), undefined);
  assert.deepEqual(
    next.discovered,
    ['/apis/gone.example.com/v1', '/apis/gone.example.com/v1'],
    'asked the server (and once more on the miss)',
  );
});

test('waiting for a CRD lasts until discovery serves its kind, which the API server may add a moment after Established', async () => {
  const t = createKubernetesTarget({ kubeconfig: testKubeconfigPath() });
  cleanups.push(() => t.close());
  const group = `${uniqueName('lag')}.example.com`;
  const crd = await createCrd(t, group, 'Sprocket', 'sprockets');
  // The group's discovery answers 404 three more times, as a lagging server does.
  let lagging = 3;
  const request = t.client.request.bind(t.client);
  (t.client as { request: typeof request }).request = (async (method: string, p: string, options?: Parameters<typeof request>[2]) => {
    if (method === 'GET' && p === `/apis/${group}/v1` && lagging > 0) {
      lagging--;
      return { status: 404, body: {} };
    }
    return request(method, p, options);
  }) as typeof request;
  await t.waitReady([crd], 30_000);
  assert.equal(lagging, 0);
  assert.equal(t.discovery.cached(`${group}/v1`, 'Sprocket')?.name, 'sprockets', 'served, and known to discovery');
});
