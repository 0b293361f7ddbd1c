/**
 * CronJob health. A CronJob itself is only a schedule, so it is Healthy by default and Suspended when
 * spec.suspend is set. It is Degraded when its status shows the last run failed: a condition that says so,
 * or a last schedule later than the last success with no job still active.
 */
import type { Manifest } from '../model/manifest.js';
import type { HealthStatus } from './health-status.js';
import { conditionsOf, describeCondition, isFalse, isTrue } from './conditions.js';
import { list, specOf, statusOf, str } from './status-fields.js';

export function cronJobHealth(object: Manifest): HealthStatus {
  if (specOf(object).suspend === true) return { status: 'Suspended', message: 'CronJob is suspended' };
  const conditions = conditionsOf(object);
  const failed = conditions.find((c) => (c.type === 'Failed' && isTrue(c)) || (c.type === 'Ready' && isFalse(c)));
  if (failed) return { status: 'Degraded', message: describeCondition(failed) ?? 'Last job failed' };

  const status = statusOf(object);
  const lastSchedule = str(status.lastScheduleTime);
  const lastSuccess = str(status.lastSuccessfulTime);
  const active = list(status.active).length;
  // RFC 3339 UTC timestamps compare correctly as strings; the check reads status only, never a clock.
  if (lastSchedule && lastSuccess && active === 0 && lastSuccess < lastSchedule) {
    return {
      status: 'Degraded',
      message: `Last job, scheduled at ${lastSchedule}, did not succeed (last success at ${lastSuccess})`,
    };
  }
  if (active > 0) return { status: 'Healthy', message: `${active} job(s) running; last scheduled at ${lastSchedule ?? 'unknown'}` };
  return { status: 'Healthy', message: lastSchedule ? `Last scheduled at ${lastSchedule}` : 'Not scheduled yet' };
}
