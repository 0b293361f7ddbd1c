/** APIService health: Available=True is Healthy, Available=False Degraded, no verdict yet Progressing. */
import type { Manifest } from '../model/manifest.js';
import type { HealthStatus } from './health-status.js';
import { describeCondition, findCondition, isFalse, isTrue } from './conditions.js';

export function apiServiceHealth(object: Manifest): HealthStatus {
  const available = findCondition(object, 'Available');
  if (isTrue(available)) return { status: 'Healthy', message: describeCondition(available) ?? 'Available' };
  if (isFalse(available)) return { status: 'Degraded', message: describeCondition(available) ?? 'Not available' };
  return { status: 'Progressing', message: 'Waiting for the API service to report availability' };
}
