/**
 * Deployment health, following `kubectl rollout status`: the spec must be observed, every replica
 * updated and available, and no old replica left. A rollout past its deadline is Degraded.
 */
import type { Manifest } from '../model/manifest.js';
import type { HealthStatus } from './health-status.js';
import { describeCondition, findCondition } from './conditions.js';
import { desiredReplicas, num, specNotObserved, specOf, statusOf } from './status-fields.js';

export function deploymentHealth(object: Manifest): HealthStatus {
  if (specOf(object).paused === true) return { status: 'Suspended', message: 'Deployment is paused' };
  if (specNotObserved(object)) {
    return { status: 'Progressing', message: 'Waiting for the deployment spec update to be observed' };
  }
  const progressing = findCondition(object, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return { status: 'Degraded', message: describeCondition(progressing) ?? 'Progress deadline exceeded' };
  }
  const status = statusOf(object);
  const desired = desiredReplicas(object);
  const updated = num(status.updatedReplicas) ?? 0;
  const total = num(status.replicas) ?? 0;
  const available = num(status.availableReplicas) ?? 0;
  if (updated < desired) {
    return { status: 'Progressing', message: `${updated} of ${desired} replicas updated` };
  }
  if (total > updated) {
    return { status: 'Progressing', message: `${total - updated} old replicas pending termination` };
  }
  if (available < updated) {
    return { status: 'Progressing', message: `${available} of ${updated} updated replicas available` };
  }
  return { status: 'Healthy', message: `${available} of ${desired} replicas available` };
}
