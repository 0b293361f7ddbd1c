import type { Manifest } from '../core/model/manifest.js';
import type { ClusterReader } from '../render/helm/lookup.js';
import { resourcePath } from '../target/kubernetes/discovery.js';
import type { KubernetesTarget } from '../target/kubernetes/index.js';

/**
 * What Helm's `lookup` reads for an app with `spec.source.helm.lookup: true`: get and list only,
 * through the Kubernetes target's REST client and discovery (the renderer gets a function and knows
 * nothing of targets). The render's LookupPolicy decides what may be asked (the app's namespaces,
 * no Secrets unless allowed) before this is called. Undefined for a target that is not a cluster.
 */
export function helmClusterReader(target: object | undefined): ClusterReader | undefined {
  const kube = target as Partial<KubernetesTarget> | undefined;
  const client = kube?.client;
  const discovery = kube?.discovery;
  if (!client || !discovery) return undefined;
  const read = async <T>(path: string): Promise<T | undefined> => {
    const res = await client.request<T>('GET', path);
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new Error(`lookup: GET ${path}: HTTP ${res.status}`);
    return res.body;
  };
  return {
    async get(apiVersion, kind, namespace, name) {
      const info = await discovery.lookup(apiVersion, kind);
      if (!info) return undefined;
      return read<Record<string, unknown>>(resourcePath(info, namespace || undefined, name));
    },
    async list(apiVersion, kind, namespace) {
      const info = await discovery.lookup(apiVersion, kind);
      if (!info) return [];
      const body = await read<{ items?: Manifest[] }>(resourcePath(info, namespace || undefined));
      // A list's items carry no apiVersion/kind; Helm's lookup gives them as the server's objects do.
      return (body?.items ?? []).map((item) => ({ ...item, apiVersion, kind }) as Record<string, unknown>);
    },
  };
}
