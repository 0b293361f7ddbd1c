/**
 * APIService health, as Argo CD judges it: Available=True is Healthy; anything else is Progressing with
 * the condition's reason (an aggregated API whose backing service has no endpoints yet is usually
 * still starting; `sync --wait` gives up at its timeout and names the reason).
 */
import type { Manifest } from '../model/manifest.js';
import type { HealthStatus } from './health-status.js';
import { describeCondition, findCondition, isFalse, isTrue } from './conditions.js';

export function apiServiceHealth(object: Manifest): HealthStatus {
  const available = findCondition(object, 'Available');
  if (isTrue(available)) return { status: 'Healthy', message: describeCondition(available) ?? 'Available' };
  if (isFalse(available)) return { status: 'Progressing', message: `Not available: ${describeCondition(available) ?? 'no reason given'}` };
  return { status: 'Progressing', message: 'Waiting for the API service to report availability' };
}
