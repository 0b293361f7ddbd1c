import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { CRD_FILE, PROJECT_CRD_FILE } from '../../src/controller/crd-yaml.js';
import type { KubernetesTarget } from '../../src/target/kubernetes/index.js';
import { waitFor } from './wait-for.js';

/** Server-side applies deploy/'s Application CRD (as `kubectl apply --server-side` would) and waits until it is Established. */
export async function applyApplicationCrd(kube: KubernetesTarget): Promise<void> {
  await applyCrdFile(kube, CRD_FILE, 'applications');
}

/** The same for deploy/'s Project CRD. */
export async function applyProjectCrd(kube: KubernetesTarget): Promise<void> {
  await applyCrdFile(kube, PROJECT_CRD_FILE, 'projects');
}

async function applyCrdFile(kube: KubernetesTarget, file: string, plural: string): Promise<void> {
  const crd = parse(readFileSync(file, 'utf8')) as { metadata: { name: string } };
  const path = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`;
  const res = await kube.client.request('PATCH', path, {
    query: { fieldManager: 'tideway-tests', force: 'true' },
    contentType: 'application/apply-patch+yaml',
    body: crd,
  });
  if (res.status >= 300) throw new Error(`applying the CRD: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  await waitFor(
    `the ${crd.metadata.name} CRD established`,
    async () => {
      const got = await kube.client.request<{ status?: { conditions?: { type: string; status: string }[] } }>('GET', path);
      return got.body.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
    },
    { timeoutMs: 20_000, intervalMs: 100 },
  );
  // Discovery of the new group can lag behind Established.
  await waitFor(
    `the ${plural} resource served`,
    async () => {
      const res = await kube.client.request<{ resources?: { name: string }[] }>('GET', '/apis/tideway.dev/v1alpha1');
      return res.status === 200 && (res.body.resources ?? []).some((r) => r.name === plural);
    },
    {
      timeoutMs: 20_000,
      intervalMs: 100,
    },
  );
}

export async function createNamespace(kube: KubernetesTarget, name: string): Promise<void> {
  const res = await kube.client.request('POST', '/api/v1/namespaces', {
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
  });
  if (res.status >= 300 && res.status !== 409) throw new Error(`creating namespace ${name}: HTTP ${res.status}`);
}
