import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string }; secretKeyRef?: { name: string; key: string } };
}

test('deploy/scale-out renders three replicas sharing three shards, named by the downward API, with the store from the Secret tideway-store and no volume claim', () => {
  const rendered = execFileSync(
    process.execPath,
    [path.join(root, 'bin/tideway.js'), 'render', path.join(root, 'deploy/scale-out'), '--kustomize'],
    {
      encoding: 'utf8',
    },
  );
  const objects = parseAllDocuments(rendered).map((d) => d.toJS() as { kind: string; metadata: { name: string }; spec?: unknown });
  assert.equal(
    objects.find((o) => o.kind === 'PersistentVolumeClaim'),
    undefined,
  );
  const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'tideway') as unknown as {
    spec: { replicas: number; template: { spec: { containers: Array<{ name: string; args: string[]; env: EnvVar[] }> } } };
  };
  assert.equal(deployment.spec.replicas, 3);
  const agent = deployment.spec.template.spec.containers.find((c) => c.name === 'agent')!;
  const shards = Number(agent.args.find((a) => a.startsWith('--shards='))?.split('=')[1]);
  assert.ok(shards >= deployment.spec.replicas, `--shards=${shards} for ${deployment.spec.replicas} replicas`);
  const env = Object.fromEntries(agent.env.map((e) => [e.name, e.valueFrom ?? e.value]));
  assert.deepEqual(env.POD_NAME, { fieldRef: { fieldPath: 'metadata.name' } });
  assert.deepEqual(env.TIDEWAY_NAMESPACE, { fieldRef: { fieldPath: 'metadata.namespace' } });
  assert.deepEqual(env.TIDEWAY_STORE_URL, { secretKeyRef: { name: 'tideway-store', key: 'url' } });
  assert.deepEqual(env.TIDEWAY_STORE_PASSWORD, { secretKeyRef: { name: 'tideway-store', key: 'password' } });
  // The Leases: the ServiceAccount may hold them in its own namespace.
  const leaseRule = objects
    .filter((o) => o.kind === 'Role')
    .flatMap((o) => (o as unknown as { rules: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }> }).rules)
    .find((r) => r.apiGroups.includes('coordination.k8s.io') && r.resources.includes('leases'));
  assert.ok(leaseRule, 'a Role on leases');
  for (const verb of ['get', 'list', 'create', 'update']) assert.ok(leaseRule.verbs.includes(verb), verb);
});
