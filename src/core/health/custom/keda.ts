/**
 * KEDA (keda.sh), from its documentation of ScaledObject and ScaledJob conditions: `Ready=False`
 * (a trigger or its authentication is wrong), or Unknown with an error reason (PartialTriggerError), or `Fallback=True` (metrics unreadable, fallback
 * replicas in use) Degraded; `Paused=True` (the paused annotations) Suspended; `Ready=True` Healthy,
 * with whether it is active; no verdict yet Progressing.
 */
import type { Manifest } from '../../model/manifest.js';
import type { HealthCheckEntry } from '../health-check.js';
import type { HealthStatus } from '../health-status.js';
import { findCondition, isTrue } from '../conditions.js';
import { messageOf } from './readiness.js';

export function scaledObjectHealth(object: Manifest): HealthStatus {
  const ready = findCondition(object, 'Ready');
  if (ready?.status === 'False' || (ready?.status === 'Unknown' && /error|fail/i.test(ready.reason ?? ''))) {
    return { status: 'Degraded', message: messageOf(ready, 'Ready is False') };
  }
  const fallback = findCondition(object, 'Fallback');
  if (isTrue(fallback)) return { status: 'Degraded', message: messageOf(fallback, 'Using fallback replicas') };
  const paused = findCondition(object, 'Paused');
  if (isTrue(paused)) return { status: 'Suspended', message: messageOf(paused, `${object.kind} is paused`) };
  if (isTrue(ready)) return { status: 'Healthy', message: messageOf(ready, `${object.kind} is ready`) };
  return { status: 'Progressing', message: `Waiting for KEDA to set up the ${object.kind}` };
}

export const kedaHealthChecks: HealthCheckEntry[] = [
  { group: 'keda.sh', kind: 'ScaledObject', check: scaledObjectHealth },
  { group: 'keda.sh', kind: 'ScaledJob', check: scaledObjectHealth },
];
