/**
 * APIService health: Available=True is Healthy. Available=False with reason MissingEndpoints (the
 * backing Service has no ready pods yet, as while an extension server starts) is Progressing, as
 * Argo CD judges it; any other reason (ServiceNotFound, FailedDiscoveryCheck, ...) is Degraded. No
 * verdict yet is Progressing.
 */
import type { Manifest } from '../model/manifest.js';
import type { HealthStatus } from './health-status.js';
import { describeCondition, findCondition, isFalse, isTrue } from './conditions.js';

export function apiServiceHealth(object: Manifest): HealthStatus {
  const available = findCondition(object, 'Available');
  if (isTrue(available)) return { status: 'Healthy', message: describeCondition(available) ?? 'Available' };
  if (isFalse(available) && available?.reason === 'MissingEndpoints') {
    return { status: 'Progressing', message: `Waiting for endpoints: ${describeCondition(available)}` };
  }
  if (isFalse(available)) return { status: 'Degraded', message: describeCondition(available) ?? 'Not available' };
  return { status: 'Progressing', message: 'Waiting for the API service to report availability' };
}
