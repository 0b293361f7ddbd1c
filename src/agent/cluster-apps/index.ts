import { createRestClient } from '../../target/kubernetes/rest-client.js';
import { type ClusterApps, type ClusterAppsDeps, startClusterApps } from './cluster-apps.js';
import type { WatchScope } from './application-watch.js';

export { REFRESH_ANNOTATION, type ClusterApps } from './cluster-apps.js';
export type { WatchScope } from './application-watch.js';

/**
 * Watches Application objects of `scope` in the cluster of `kubeconfig` (its current context, or the
 * agent's own cluster in a Pod) and manages them alongside the apps of files.
 */
export function watchClusterApplications(
  options: Omit<ClusterAppsDeps, 'client'> & { scope: WatchScope; kubeconfig?: string },
): ClusterApps {
  const client = createRestClient({ kubeconfig: options.kubeconfig });
  const apps = startClusterApps({ ...options, client });
  return {
    ready: apps.ready,
    close() {
      apps.close();
      client.close();
    },
  };
}
