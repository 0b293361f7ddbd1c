import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { createKubernetesTarget, type KubernetesTarget } from '../target/kubernetes/index.js';
import { applyApplicationCrd, createNamespace } from '../../test/support/controller-fixture.js';
import { deleteNamespace, testKubeconfigPath, uniqueName } from '../../test/support/engine-fixture.js';

const valid = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../core/application/testdata/valid');
type App = { metadata: { name: string; finalizers?: string[] }; spec: Record<string, unknown> };

describe('the generated Application CRD on a real API server', () => {
  let kube: KubernetesTarget;
  const ns = uniqueName('crd');
  const appPath = (name = '') => `/apis/tideway.dev/v1alpha1/namespaces/${ns}/applications${name ? `/${name}` : ''}`;

  before(async () => {
    kube = createKubernetesTarget({ kubeconfig: testKubeconfigPath() });
    await applyApplicationCrd(kube);
    await createNamespace(kube, ns);
  });
  after(async () => {
    await deleteNamespace(kube, ns);
    kube.close();
  });

  for (const [index, file] of readdirSync(valid)
    .filter((f) => f.endsWith('.yaml'))
    .entries()) {
    test(`the valid fixture ${file} is stored with every field of its spec kept (none pruned by the schema)`, async () => {
      const input = parseAllDocuments(readFileSync(path.join(valid, file), 'utf8'))[0].toJS() as App;
      const body = {
        apiVersion: 'tideway.dev/v1alpha1',
        kind: 'Application',
        metadata: {
          name: `${input.metadata.name}-${index}`,
          namespace: ns,
          ...(input.metadata.finalizers ? { finalizers: input.metadata.finalizers } : {}),
        },
        spec: input.spec,
      };
      const created = await kube.client.request<App>('POST', appPath(), { body });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.deepEqual(created.body.spec, input.spec);
    });
  }

  const wrong: [string, Record<string, unknown>, string][] = [
    ['a number as repoURL', { source: { repoURL: 5 } }, 'spec.source.repoURL'],
    ['an unknown target', { source: { repoURL: 'https://e.x/r.git' }, destination: { target: 'moon' } }, 'spec.destination.target'],
    [
      'a negative retry limit',
      { source: { repoURL: 'https://e.x/r.git' }, syncPolicy: { retry: { limit: -1 } } },
      'spec.syncPolicy.retry.limit',
    ],
    ['no source', { destination: { namespace: 'x' } }, 'spec.source'],
  ];
  for (const [what, spec, field] of wrong) {
    test(`an Application with ${what} is refused by the API server, naming ${field}`, async () => {
      const res = await kube.client.request<{ message: string }>('POST', appPath(), {
        body: { apiVersion: 'tideway.dev/v1alpha1', kind: 'Application', metadata: { name: uniqueName('bad'), namespace: ns }, spec },
      });
      assert.equal(res.status, 422);
      assert.match(res.body.message, new RegExp(field.replace(/\./g, '\\.')));
    });
  }

  test('kubectl get applications shows the Sync, Health, Revision and Age columns, and the status subresource takes a status', async () => {
    const name = 'web.columns';
    const created = await kube.client.request('POST', appPath(), {
      body: {
        apiVersion: 'tideway.dev/v1alpha1',
        kind: 'Application',
        metadata: { name, namespace: ns },
        spec: { source: { repoURL: 'https://e.x/r.git' } },
      },
    });
    assert.equal(created.status, 201);
    const patched = await kube.client.request('PATCH', `${appPath(name)}/status`, {
      contentType: 'application/merge-patch+json',
      body: { status: { sync: { status: 'Synced', revision: 'abc1234' }, health: { status: 'Healthy' } } },
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const out = execFileSync('kubectl', ['--kubeconfig', testKubeconfigPath(), 'get', 'applications', '-n', ns, name], {
      encoding: 'utf8',
    });
    const [header, row] = out.trim().split('\n');
    assert.deepEqual(header.split(/\s+/), ['NAME', 'SYNC', 'HEALTH', 'REVISION', 'AGE']);
    assert.deepEqual(row.split(/\s+/).slice(0, 4), [name, 'Synced', 'Healthy', 'abc1234']);
  });
});
