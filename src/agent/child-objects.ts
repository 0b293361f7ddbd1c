import type { Manifest } from '../core/model/manifest.js';
import type { KubernetesTarget } from '../target/kubernetes/index.js';
import { resourcePath } from '../target/kubernetes/discovery.js';

/** Kinds that controllers make for an app's objects, read to show them under their owners. */
export const childKinds = [
  { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  { apiVersion: 'v1', kind: 'Pod' },
  { apiVersion: 'batch/v1', kind: 'Job' },
] as const;

/** At most this many objects of one kind in one namespace are read (a label-free list, bounded). */
const listLimit = 2000;

/**
 * The objects of the child kinds in some namespaces, label-free (children do not carry the app's
 * label), read through the API server's watch cache (`resourceVersion=0`) and kept `ttlMs` (default
 * 2 s) per kind and namespace, so a burst of dashboard readers costs one list.
 */
export function createChildLister(options: { ttlMs?: number; now?: () => number } = {}) {
  const ttlMs = options.ttlMs ?? 2000;
  const now = options.now ?? Date.now;
  const cache = new WeakMap<KubernetesTarget, Map<string, { at: number; items: Promise<Manifest[]> }>>();

  async function listOne(target: KubernetesTarget, apiVersion: string, kind: string, namespace: string): Promise<Manifest[]> {
    const info = await target.discovery.lookup(apiVersion, kind);
    if (!info) return [];
    const res = await target.client.request<{ items?: Manifest[] }>('GET', resourcePath(info, namespace), {
      query: { resourceVersion: '0', limit: String(listLimit) },
    });
    if (res.status !== 200) return [];
    return (res.body.items ?? []).slice(0, listLimit).map((item) => {
      const { managedFields: _m, ...metadata } = item.metadata as Manifest['metadata'] & { managedFields?: unknown };
      return { ...item, apiVersion, kind, metadata: metadata as Manifest['metadata'] };
    });
  }

  return {
    async list(target: KubernetesTarget, namespaces: Iterable<string>): Promise<Manifest[]> {
      let perTarget = cache.get(target);
      if (!perTarget) cache.set(target, (perTarget = new Map()));
      const lists: Promise<Manifest[]>[] = [];
      for (const namespace of new Set(namespaces)) {
        for (const { apiVersion, kind } of childKinds) {
          const key = `${apiVersion}|${kind}|${namespace}`;
          const hit = perTarget.get(key);
          if (hit && now() - hit.at < ttlMs) {
            lists.push(hit.items);
            continue;
          }
          const items = listOne(target, apiVersion, kind, namespace).catch(() => []);
          perTarget.set(key, { at: now(), items });
          lists.push(items);
        }
      }
      return (await Promise.all(lists)).flat();
    },
  };
}
