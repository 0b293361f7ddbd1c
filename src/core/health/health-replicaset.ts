/** ReplicaSet health: a ReplicaFailure condition is Degraded; otherwise every desired replica must be available. */
import type { Manifest } from '../model/manifest.js';
import type { HealthStatus } from './health-status.js';
import { describeCondition, findCondition, isTrue } from './conditions.js';
import { desiredReplicas, num, specNotObserved, statusOf } from './status-fields.js';

export function replicaSetHealth(object: Manifest): HealthStatus {
  if (specNotObserved(object)) {
    return { status: 'Progressing', message: 'Waiting for the replicaset spec update to be observed' };
  }
  const failure = findCondition(object, 'ReplicaFailure');
  if (isTrue(failure)) {
    return { status: 'Degraded', message: describeCondition(failure) ?? 'Replica failure' };
  }
  const desired = desiredReplicas(object);
  const available = num(statusOf(object).availableReplicas) ?? 0;
  if (available < desired) {
    return { status: 'Progressing', message: `${available} of ${desired} replicas available` };
  }
  return { status: 'Healthy', message: `${available} of ${desired} replicas available` };
}
