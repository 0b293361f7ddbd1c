/** Job health: Failed (or FailureTarget) is Degraded, Complete is Healthy, a suspended job is Suspended, else Progressing. */
import type { Manifest } from '../model/manifest.js';
import type { HealthStatus } from './health-status.js';
import { describeCondition, findCondition, isTrue } from './conditions.js';
import { num, specOf, statusOf } from './status-fields.js';

export function jobHealth(object: Manifest): HealthStatus {
  for (const type of ['Failed', 'FailureTarget']) {
    const failed = findCondition(object, type);
    if (isTrue(failed)) return { status: 'Degraded', message: describeCondition(failed) ?? 'Job failed' };
  }
  const complete = findCondition(object, 'Complete');
  if (isTrue(complete)) return { status: 'Healthy', message: describeCondition(complete) ?? 'Job completed' };
  if (specOf(object).suspend === true || isTrue(findCondition(object, 'Suspended'))) {
    return { status: 'Suspended', message: 'Job is suspended' };
  }
  const status = statusOf(object);
  const active = num(status.active) ?? 0;
  const succeeded = num(status.succeeded) ?? 0;
  const completions = num(specOf(object).completions);
  const progress = completions !== undefined ? `${succeeded} of ${completions} completions` : `${succeeded} succeeded`;
  return { status: 'Progressing', message: `Job is running: ${active} active, ${progress}` };
}
