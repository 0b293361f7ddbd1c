import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { resolveApplication } from '../../src/core/application/resolve-application.js';
import type { ResolvedApplication } from '../../src/core/application/application.js';
import type { EngineDeps } from '../../src/engine/deps.js';
import { silentLogger } from '../../src/log/logger.js';
import { createRenderer } from '../../src/render/select-renderer.js';
import { createGitSource } from '../../src/source/git/index.js';
import { createKubernetesTarget, type KubernetesTarget } from '../../src/target/kubernetes/index.js';
import type { Manifest } from '../../src/core/model/manifest.js';

export function testKubeconfigPath(): string {
  const file = process.env.TIDEWAY_TEST_KUBECONFIG;
  if (!file)
    throw new Error('TIDEWAY_TEST_KUBECONFIG is not set: run end-to-end tests through `npm test`, which starts the local control plane');
  return file;
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

/** Engine dependencies on the real control plane, a real git source and the real renderers. */
export function createEngineFixture(): EngineDeps & { target: KubernetesTarget; cacheDir: string; close(): void } {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'tideway-cache-'));
  const target = createKubernetesTarget({ kubeconfig: testKubeconfigPath() });
  return {
    source: createGitSource({ cacheDir }),
    renderer: createRenderer(),
    target,
    log: silentLogger,
    clock: () => new Date(),
    cacheDir,
    close() {
      target.close();
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

export function testApp(
  name: string,
  repoDir: string,
  namespace: string,
  overrides: { path?: string; prune?: boolean; allowEmpty?: boolean; syncOptions?: string[] } = {},
): ResolvedApplication {
  return resolveApplication({
    apiVersion: 'tideway.dev/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: {
      source: { repoURL: repoDir, targetRevision: 'main', path: overrides.path ?? 'manifests' },
      destination: { namespace },
      syncPolicy: {
        automated: { prune: overrides.prune ?? true, allowEmpty: overrides.allowEmpty ?? false },
        syncOptions: overrides.syncOptions ?? ['CreateNamespace=true'],
      },
    },
  });
}

/** GET an object through the target's client; undefined when absent. */
export async function getObject(target: KubernetesTarget, apiPath: string): Promise<Manifest | undefined> {
  const res = await target.client.request<Manifest>('GET', apiPath);
  return res.status === 200 ? res.body : undefined;
}

export async function deleteNamespace(target: KubernetesTarget, namespace: string): Promise<void> {
  await target.client.request('DELETE', `/api/v1/namespaces/${namespace}`);
}

/**
 * Lets `see` look at every request the target's client sends (method, path, options), which still
 * goes to the server; returns the function that stops it.
 */
export function watchRequests(
  target: KubernetesTarget,
  see: (method: string, path: string, options?: { query?: Record<string, string | undefined> }) => void,
): () => void {
  const client = target.client as { request: KubernetesTarget['client']['request'] };
  const request = client.request;
  client.request = ((method: string, path: string, options?: Parameters<typeof request>[2]) => {
    see(method, path, options);
    return request.call(target.client, method, path, options);
  }) as typeof request;
  return () => {
    client.request = request;
  };
}
