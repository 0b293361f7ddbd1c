/**
 * Crossplane, from its documentation of `Synced` and `Ready` (managed resources, composite resources
 * and claims) and of package conditions. Registered for every group under `crossplane.io` and
 * `upbound.io` (providers' managed resources, packages, compositions); claims and composite
 * resources live in their users' own groups and are read by the generic check, which also treats
 * `Synced=False` as Degraded.
 * - Kinds without status (Composition, ProviderConfig, ...) with none: Healthy.
 * - `Synced=False` with reason ReconcilePaused (the `crossplane.io/paused` annotation): Suspended.
 * - `Synced=False` (the provider cannot reconcile) or `LastAsyncOperation=False`: Degraded.
 * - `Healthy=False` (a package revision that does not work): Degraded.
 * - `Ready`, `Healthy`, `Offered`, `Established`, `ValidPipeline` or `RevisionHealthy` True and
 *   none of the above: Healthy.
 * - Otherwise (creating, no conditions yet): Progressing.
 */
import type { Manifest } from '../../model/manifest.js';
import type { HealthCheckEntry } from '../health-check.js';
import type { HealthStatus } from '../health-status.js';
import { conditionsOf, describeCondition } from '../conditions.js';
import { expectsStatus } from '../status-expected.js';
import { hasNoStatus, statusOf } from '../status-fields.js';

const healthyTypes = new Set(['Ready', 'Healthy', 'Offered', 'Established', 'ValidPipeline', 'RevisionHealthy']);

export function crossplaneHealth(object: Manifest): HealthStatus {
  if (hasNoStatus(object) && !expectsStatus(object)) return { status: 'Healthy', message: 'No status to assess' };
  const conditions = conditionsOf(object);
  if (conditions.length === 0) {
    if (statusOf(object).users !== undefined && !expectsStatus(object)) return { status: 'Healthy', message: 'Resource is in use' };
    return { status: 'Progressing', message: 'Provisioning: no conditions yet' };
  }
  const synced = conditions.find((c) => c.type === 'Synced');
  if (synced?.status === 'False' && synced.reason === 'ReconcilePaused')
    return { status: 'Suspended', message: 'Reconciliation is paused' };
  for (const c of conditions) {
    if ((c.type === 'Synced' || c.type === 'LastAsyncOperation' || c.type === 'Healthy') && c.status === 'False') {
      return { status: 'Degraded', message: `${c.type}: ${describeCondition(c) ?? 'False'}` };
    }
  }
  const healthy = conditions.find((c) => healthyTypes.has(c.type) && c.status === 'True');
  if (healthy) return { status: 'Healthy', message: `${healthy.type}: ${describeCondition(healthy) ?? 'True'}` };
  const ready = conditions.find((c) => c.type === 'Ready');
  return { status: 'Progressing', message: ready ? `Ready: ${describeCondition(ready) ?? ready.status}` : 'Provisioning' };
}

export const crossplaneHealthChecks: HealthCheckEntry[] = [
  { group: '*.crossplane.io', kind: '*', check: crossplaneHealth },
  { group: '*.upbound.io', kind: '*', check: crossplaneHealth },
];
