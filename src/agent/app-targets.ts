import { mkdirSync } from 'node:fs';
import type { ResolvedApplication } from '../core/application/application.js';
import type { ObjectRef } from '../core/model/object-ref.js';
import type { Logger } from '../log/logger.js';
import type { Target } from '../target/target.js';
import type { KubernetesTarget } from '../target/kubernetes/index.js';
import type { ResolvedKubeconfig } from '../target/kubernetes/kubeconfig.js';
import { keySecretNamespace } from '../secrets/key-secret.js';
import { withOwnClusterName } from '../target/kubernetes/in-cluster.js';
import { clusterOf } from './app-query.js';

/** What the host target reports of a change made behind Tideway's back (see target/host/drift-events.ts). */
export interface HostDrift {
  app: string;
  ref: ObjectRef;
  reason: string;
  message: string;
  restored?: boolean;
}

type HostTarget = Target & {
  onDrift(listener: (e: HostDrift) => void): () => void;
  close(o?: { stopServices?: boolean }): Promise<void>;
};

/** The cluster (or the host) an app deploys to: apps with the same key share a target. */
export function clusterKey(app: ResolvedApplication): string {
  if (app.destination.target === 'host') return 'host';
  const destination = withOwnClusterName(app.destination);
  return destination.name ? `name:${destination.name}` : `${destination.context ?? ''}|${destination.server ?? ''}`;
}

/**
 * The work queue's groups: an app's cluster. While the agent serves several clusters, one cluster
 * holds at most half the workers, so a cluster whose requests hang until they time out never
 * delays the others' reconciles; an agent of one cluster uses them all.
 */
export function clusterGroups(
  registry: {
    readonly version: number;
    get(name: string): { app: ResolvedApplication } | undefined;
    list(): { app: ResolvedApplication }[];
  },
  concurrency: number,
): { groupOf(name: string): string; limit(): number } {
  let seen = -1;
  let limit = concurrency;
  return {
    groupOf: (name) => {
      const entry = registry.get(name);
      return entry ? clusterKey(entry.app) : '';
    },
    limit() {
      if (registry.version !== seen) {
        seen = registry.version;
        const clusters = new Set(registry.list().map((r) => clusterKey(r.app)));
        limit = clusters.size > 1 ? Math.max(1, Math.ceil(concurrency / 2)) : concurrency;
      }
      return limit;
    },
  };
}

export interface AppTargets {
  /** The target an app's destination names: one Kubernetes target per context/server/registered cluster, one host target. */
  targetFor(app: ResolvedApplication): Promise<Target>;
  close(options: { stopHostServices: boolean }): Promise<void>;
}

/**
 * The targets of an agent, created on first use (a host-only agent never loads the Kubernetes client;
 * a Kubernetes-only agent never starts the host target). Every target reports drift to `onDrift`.
 */
export function createAppTargets(options: {
  kubeconfig?: string;
  /** The agent's --watch-namespace list: its watch cache lists and watches only there. */
  watchNamespaces?: readonly string[];
  hostRoot: string;
  hostStateDir: string;
  allowRoot?: boolean;
  /** The operator's ceiling for host Services (projects allow them below it). */
  allowLoaderEnv?: boolean;
  allowRemoteProbes?: boolean;
  log: Logger;
  onDrift: (app: string) => void;
  /** Every host drift event, with what it was and whether self-heal restored it (audit, dashboard). */
  onHostDrift?: (event: HostDrift) => void;
  /**
   * After every request to a cluster's API server: the cluster as the dashboard names it (`default`
   * for the agent's own, a registered cluster's name, the context, the server) and whether it answered.
   */
  onClusterRequest?: (cluster: string, answered: boolean) => void;
}): AppTargets {
  const { log, onDrift } = options;
  const kube = new Map<string, KubernetesTarget>();
  let host: Promise<HostTarget> | undefined;

  async function kubeTarget(app: ResolvedApplication): Promise<KubernetesTarget> {
    const destination = withOwnClusterName(app.destination);
    const name = destination.name;
    const key = clusterKey(app);
    const existing = kube.get(key);
    if (existing) return existing;
    const { createKubernetesTarget } = await import('../target/kubernetes/index.js');
    // A registered cluster: its Secret is read through the agent's own cluster (the default context).
    let resolved: ResolvedKubeconfig | undefined;
    if (name) {
      const home = await kubeTarget({ ...app, destination: { target: 'kubernetes' } });
      const { findRegisteredCluster } = await import('../target/kubernetes/cluster-secret.js');
      resolved = await findRegisteredCluster(home.client, keySecretNamespace(), name);
    }
    const raced = kube.get(key); // another app may have created it meanwhile
    if (raced) return raced;
    const cluster = clusterOf(app.destination);
    const onClusterRequest = options.onClusterRequest;
    const t = createKubernetesTarget({
      onRequestResult: onClusterRequest && ((answered) => onClusterRequest(cluster, answered)),
      kubeconfig: options.kubeconfig,
      context: destination.context,
      server: destination.server,
      resolved,
      watch: true,
      // A registered cluster is not bound by this cluster's RBAC scope.
      watchNamespaces: resolved ? undefined : options.watchNamespaces,
      onWatchError: (error, kind) => log.warn({ kind, err: (error as Error).message }, 'watch interrupted; re-listing'),
    });
    t.onOwnedEvent?.((event) => onDrift(event.app));
    kube.set(key, t);
    return t;
  }

  return {
    async targetFor(app) {
      if (app.destination.target !== 'host') return kubeTarget(app);
      host ??= (async () => {
        const { createHostTarget } = await import('../target/host/index.js');
        mkdirSync(options.hostRoot, { recursive: true });
        const t = await createHostTarget({
          hostRoot: options.hostRoot,
          stateDir: options.hostStateDir,
          allowRoot: options.allowRoot,
          allowLoaderEnv: options.allowLoaderEnv,
          allowRemoteProbes: options.allowRemoteProbes,
          log: log.child({ component: 'host' }),
        });
        t.onDrift((e) => {
          options.onHostDrift?.(e);
          onDrift(e.app);
        });
        return t as unknown as HostTarget;
      })();
      return host;
    },
    async close({ stopHostServices }) {
      for (const t of kube.values()) t.close();
      if (!host) return;
      try {
        await (await host).close({ stopServices: stopHostServices });
      } catch (error) {
        log.error({ err: (error as Error).message }, 'closing the host target failed');
      }
    },
  };
}
