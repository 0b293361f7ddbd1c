import { splitApiVersion } from '../../core/model/manifest.js';
import type { Scope } from '../../core/plan/scope.js';
import { isBuiltinGroup } from '../../core/health/status-expected.js';
import { TidewayError } from '../../core/errors.js';
import type { DiscoveryStore } from './discovery-store.js';
import type { ResourceInfo } from './resource-info.js';
import type { RestClient } from './rest-client.js';

/**
 * Maps apiVersion+kind to resources, one group-version at a time, on demand, cached (and kept in
 * `store` between processes, when given). A miss re-reads that group-version from the server once
 * (a CRD may have just been established).
 */
export interface Discovery {
  lookup(apiVersion: string, kind: string): Promise<ResourceInfo | undefined>;
  /** The cached answer, without I/O. */
  cached(apiVersion: string, kind: string): ResourceInfo | undefined;
  invalidate(apiVersion?: string): void;
}

export function createDiscovery(client: RestClient, store?: DiscoveryStore): Discovery {
  const groups = new Map<string, Promise<Map<string, ResourceInfo>>>();
  const settled = new Map<string, Map<string, ResourceInfo>>();

  async function load(apiVersion: string, fromServer: boolean): Promise<Map<string, ResourceInfo>> {
    const stored = fromServer ? undefined : store?.read(apiVersion);
    if (stored) {
      const kinds = new Map(stored.map((r) => [r.kind, r]));
      settled.set(apiVersion, kinds);
      return kinds;
    }
    const { group, version } = splitApiVersion(apiVersion);
    const path = group ? `/apis/${group}/${version}` : `/api/${version}`;
    const res = await client.request<{ resources?: Array<{ name: string; namespaced: boolean; kind: string }> }>('GET', path);
    const kinds = new Map<string, ResourceInfo>();
    if (res.status === 404) return kinds;
    if (res.status !== 200) throw new TidewayError('TargetUnavailable', `discovery of ${apiVersion} failed: HTTP ${res.status}`);
    const resources = res.body.resources ?? [];
    const withStatus = new Set(resources.filter((r) => r.name.endsWith('/status')).map((r) => r.name.slice(0, -'/status'.length)));
    for (const r of resources) {
      if (r.name.includes('/')) continue; // subresources
      const statusless = !isBuiltinGroup(group) && !withStatus.has(r.name);
      kinds.set(r.kind, { name: r.name, namespaced: r.namespaced, group, version, kind: r.kind, ...(statusless && { statusless }) });
    }
    settled.set(apiVersion, kinds);
    store?.write(apiVersion, [...kinds.values()]);
    return kinds;
  }

  function get(apiVersion: string, fromServer = false) {
    let p = groups.get(apiVersion);
    if (!p) {
      p = load(apiVersion, fromServer);
      groups.set(apiVersion, p);
      p.catch(() => groups.delete(apiVersion));
    }
    return p;
  }

  return {
    async lookup(apiVersion, kind) {
      const found = (await get(apiVersion)).get(kind);
      if (found) return found;
      groups.delete(apiVersion);
      return (await get(apiVersion, true)).get(kind);
    },
    cached(apiVersion, kind) {
      return settled.get(apiVersion)?.get(kind);
    },
    invalidate(apiVersion) {
      if (apiVersion) {
        groups.delete(apiVersion);
        settled.delete(apiVersion);
      } else {
        groups.clear();
        settled.clear();
      }
      store?.forget(apiVersion);
    },
  };
}

export function scopeOfInfo(info: ResourceInfo | undefined): Scope | undefined {
  return info ? (info.namespaced ? 'Namespaced' : 'Cluster') : undefined;
}

export function resourcePath(info: ResourceInfo, namespace: string | undefined, name?: string): string {
  const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${info.name}${name ? `/${encodeURIComponent(name)}` : ''}`;
}
