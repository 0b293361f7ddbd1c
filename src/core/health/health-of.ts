/**
 * The health of one live object: a pure function of the object (no fetching, no clock).
 * Checks are looked up by API group and kind in a table; callers extend a table with their own kinds
 * (a target's custom resources) and pass it in. Kinds not in the table get the generic,
 * condition-based check.
 */
import { splitApiVersion, type Manifest } from '../model/manifest.js';
import type { HealthCheck, HealthCheckEntry, HealthTable } from './health-check.js';
import type { HealthStatus } from './health-status.js';
import { customResourceHealthChecks } from './custom/index.js';
import { apiServiceHealth } from './health-apiservice.js';
import { crdHealth } from './health-crd.js';
import { cronJobHealth } from './health-cronjob.js';
import { daemonSetHealth } from './health-daemonset.js';
import { deploymentHealth } from './health-deployment.js';
import { genericHealth } from './health-generic.js';
import { hpaHealth } from './health-hpa.js';
import { ingressHealth } from './health-ingress.js';
import { jobHealth } from './health-job.js';
import { namespaceHealth } from './health-namespace.js';
import { podHealth } from './health-pod.js';
import { pvcHealth } from './health-pvc.js';
import { replicaSetHealth } from './health-replicaset.js';
import { serviceHealth } from './health-service.js';
import { statefulSetHealth } from './health-statefulset.js';
import { pendingDeletion } from './pending-deletion.js';
import { record } from './status-fields.js';

export type { HealthCheck, HealthCheckEntry, HealthTable } from './health-check.js';

function key(group: string, kind: string): string {
  return `${group}/${kind}`;
}

/**
 * The check for a group and kind: the exact key, then `group/*`, then `*.suffix/kind` and
 * `*.suffix/*` from the longest suffix of the group to the shortest, then the entries whose group is `*`.
 */
export function findHealthCheck(table: HealthTable, group: string, kind: string): HealthCheck | undefined {
  const exact = table.get(key(group, kind)) ?? table.get(key(group, '*'));
  if (exact) return exact;
  for (let dot = group.indexOf('.'); dot >= 0; dot = group.indexOf('.', dot + 1)) {
    const suffix = `*${group.slice(dot)}`;
    const found = table.get(key(suffix, kind)) ?? table.get(key(suffix, '*'));
    if (found) return found;
  }
  return table.get(key('*', kind)) ?? table.get(key('*', '*'));
}

/** A new table: `base` plus `entries`, where an entry replaces any check already there for its group and kind. */
export function withHealthChecks(base: HealthTable, entries: Iterable<HealthCheckEntry>): HealthTable {
  const table = new Map(base);
  for (const { group, kind, check } of entries) table.set(key(group, kind), check);
  return table;
}

/** A new table: `base` plus one check. */
export function registerHealth(base: HealthTable, group: string, kind: string, check: HealthCheck): HealthTable {
  return withHealthChecks(base, [{ group, kind, check }]);
}

export const builtinHealthChecks: HealthTable = withHealthChecks(new Map(), [
  { group: 'apps', kind: 'Deployment', check: deploymentHealth },
  { group: 'apps', kind: 'StatefulSet', check: statefulSetHealth },
  { group: 'apps', kind: 'DaemonSet', check: daemonSetHealth },
  { group: 'apps', kind: 'ReplicaSet', check: replicaSetHealth },
  { group: '', kind: 'Pod', check: podHealth },
  { group: 'batch', kind: 'Job', check: jobHealth },
  { group: 'batch', kind: 'CronJob', check: cronJobHealth },
  { group: '', kind: 'PersistentVolumeClaim', check: pvcHealth },
  { group: '', kind: 'Service', check: serviceHealth },
  { group: 'networking.k8s.io', kind: 'Ingress', check: ingressHealth },
  { group: 'extensions', kind: 'Ingress', check: ingressHealth },
  { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', check: crdHealth },
  { group: '', kind: 'Namespace', check: namespaceHealth },
  { group: 'apiregistration.k8s.io', kind: 'APIService', check: apiServiceHealth },
  { group: 'autoscaling', kind: 'HorizontalPodAutoscaler', check: hpaHealth },
  ...customResourceHealthChecks,
]);

/** The health of a live object, by the check registered for its group and kind, else by its conditions. */
export function healthOf(object: Manifest, table: HealthTable = builtinHealthChecks): HealthStatus {
  if (!record(object)) return { status: 'Unknown', message: 'Not an object' };
  const { group } = splitApiVersion(object.apiVersion);
  const check = findHealthCheck(table, group, String(object.kind)) ?? genericHealth;
  try {
    return pendingDeletion(object, check(object));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { status: 'Unknown', message: `Health check for ${object.kind} failed: ${reason}` };
  }
}
