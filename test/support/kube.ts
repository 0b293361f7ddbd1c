/**
 * Helpers for end-to-end tests (`*.e2e.test.ts`) against the local control plane that
 * scripts/test.mjs starts once per run (scripts/cluster/test-cluster.mjs).
 *
 * The cluster has etcd, kube-apiserver and kube-controller-manager but no kubelet and no scheduler:
 * Pods are stored and never run, so tests that need a health status write it with setStatus().
 * Each test works in its own namespace (withNamespace / createTestNamespace).
 */
import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import { ApiException, HttpMethod, KubeConfig, KubernetesObjectApi, PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import { waitFor } from './wait-for.js';

export { waitFor } from './wait-for.js';

export const TEST_NAMESPACE_LABEL = 'tideway.dev/e2e-test';

/** What names one live object: enough to read, delete or patch it. */
export interface LiveRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** Path of the kubeconfig for the test control plane; set by scripts/test.mjs. */
export function testKubeconfig(): string {
  const file = process.env.TIDEWAY_TEST_KUBECONFIG;
  if (!file) {
    throw new Error(
      'TIDEWAY_TEST_KUBECONFIG is not set: run end-to-end tests through `npm test` ' +
        '(e.g. `npm test -- my-feature.e2e`), which starts the local control plane, ' +
        'or point it at the kubeconfig printed by `npm run dev:cluster`.',
    );
  }
  return file;
}

let cachedConfig: KubeConfig | undefined;
let cachedApi: StatusAwareObjectApi | undefined;

/** A KubeConfig loaded from testKubeconfig() (current context `tideway-test`). */
export function kubeConfig(): KubeConfig {
  if (!cachedConfig) {
    const kc = new KubeConfig();
    kc.loadFromFile(testKubeconfig());
    cachedConfig = kc;
  }
  return cachedConfig;
}

/** The generic object client, for calls the helpers below do not cover. */
export function objectApi(): KubernetesObjectApi {
  return statusAwareApi();
}

function statusAwareApi(): StatusAwareObjectApi {
  if (!cachedApi) {
    const api = kubeConfig().makeApiClient(StatusAwareObjectApi);
    cachedApi = api;
  }
  return cachedApi;
}

export interface TestNamespace {
  name: string;
  /** Deletes the namespace; with `wait`, resolves once it (and so everything in it) is gone. */
  delete(options?: { wait?: boolean; timeoutMs?: number }): Promise<void>;
}

/** Creates a namespace named `<prefix>-<random>` and returns it with a delete() to call afterwards. */
export async function createTestNamespace(prefix = 'e2e'): Promise<TestNamespace> {
  const base =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'e2e';
  const name = `${base}-${randomBytes(4).toString('hex')}`;
  await createObject({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { [TEST_NAMESPACE_LABEL]: 'true' } },
  });
  const ref: LiveRef = { apiVersion: 'v1', kind: 'Namespace', name };
  return {
    name,
    async delete({ wait = false, timeoutMs = 30_000 } = {}) {
      await deleteObject(ref);
      if (wait) await waitFor(`namespace ${name} to be deleted`, async () => (await readObject(ref)) === undefined, { timeoutMs });
    },
  };
}

/** Creates a test namespace that is deleted when test `t` ends; returns its name. */
export async function withNamespace(t: TestContext, prefix?: string): Promise<string> {
  const ns = await createTestNamespace(prefix ?? t.name);
  t.after(() => ns.delete());
  return ns.name;
}

/** Creates `object` as given (namespace from its metadata) and returns the stored object. */
export async function createObject<T extends KubernetesObject>(object: T): Promise<T> {
  return statusAwareApi().create(object);
}

/** The live object, or undefined when it does not exist. */
export async function readObject<T extends KubernetesObject = KubernetesObject>(ref: LiveRef): Promise<T | undefined> {
  try {
    return await statusAwareApi().read<T>(header(ref));
  } catch (err) {
    if (err instanceof ApiException && err.code === 404) return undefined;
    throw err;
  }
}

/**
 * The objects of one kind, in a namespace or cluster-wide, optionally filtered by label selector.
 * Each item carries `apiVersion` and `kind` (the API leaves them out of list items), so it can be
 * passed straight to setStatus() or deleteObject().
 */
export async function listObjects<T extends KubernetesObject = KubernetesObject>(
  apiVersion: string,
  kind: string,
  { namespace, labelSelector }: { namespace?: string; labelSelector?: string } = {},
): Promise<T[]> {
  const list = await statusAwareApi().list<T>(apiVersion, kind, namespace, undefined, undefined, undefined, undefined, labelSelector);
  return list.items.map((item) => ({ ...item, apiVersion, kind }));
}

/** Deletes the object (background propagation); a missing object is not an error. */
export async function deleteObject(object: LiveRef | KubernetesObject): Promise<void> {
  try {
    await statusAwareApi().delete(header(asRef(object)), undefined, undefined, undefined, undefined, 'Background');
  } catch (err) {
    if (err instanceof ApiException && err.code === 404) return;
    throw err;
  }
}

/**
 * Writes `status` through the object's status subresource (a JSON merge patch: the fields given
 * replace those stored, arrays such as `conditions` are replaced whole). Nothing runs Pods here,
 * so this is how tests make a Pod Running or a Deployment available. Controllers that own a
 * status (the Deployment and ReplicaSet controllers) may overwrite it again.
 */
export async function setStatus<T extends KubernetesObject>(
  object: LiveRef | KubernetesObject,
  status: Record<string, unknown>,
): Promise<T> {
  return statusAwareApi().patchStatus<T>(header(asRef(object)), status);
}

function asRef(object: LiveRef | KubernetesObject): LiveRef {
  if ('name' in object && typeof object.name === 'string') return object as LiveRef;
  const o = object as KubernetesObject;
  if (!o.apiVersion || !o.kind || !o.metadata?.name) {
    throw new Error('need an object with apiVersion, kind and metadata.name (or a LiveRef)');
  }
  return { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace };
}

function header(ref: LiveRef) {
  return { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } };
}

/** KubernetesObjectApi plus the status subresource, which the generic client does not offer. */
class StatusAwareObjectApi extends KubernetesObjectApi {
  async patchStatus<T extends KubernetesObject>(spec: KubernetesObject, status: Record<string, unknown>): Promise<T> {
    const path = `${await this.specUriPath(spec, 'patch')}/status`;
    const request = this.configuration.baseServer.makeRequestContext(path, HttpMethod.PATCH);
    request.setHeaderParam('Accept', 'application/json');
    request.setHeaderParam('Content-Type', PatchStrategy.MergePatch);
    request.setBody(JSON.stringify({ status }));
    return this.requestPromise<T>(request);
  }
}
