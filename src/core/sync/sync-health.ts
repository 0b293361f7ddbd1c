import { aggregateHealth, worseOf, type HealthCode, type HealthStatus } from '../health/health-status.js';
import { missingHealth } from '../health/missing-health.js';
import type { ChangeSetEntry } from './change-set.js';

/**
 * What one object's outcome says about the app's health: a failed apply is Degraded (the live
 * state is not what Git says, whatever the object looks like), an object a comparison (dry run)
 * would create is Missing, anything else has the health the target judged (or none).
 */
export function entryHealth(entry: ChangeSetEntry, dryRun: boolean): HealthStatus | undefined {
  if (entry.action === 'failed') return { status: 'Degraded', message: entry.message ?? `${entry.reason ?? 'apply'} failed` };
  if (dryRun && entry.action === 'created') return missingHealth(entry.ref);
  return entry.health;
}

/**
 * The app's health after a sync: the worst of its objects' (`entryHealth`). When the sync waited
 * for health (`observed`, read from the live objects), that reading stands for the objects, and
 * failed applies still make it Degraded.
 */
export function syncHealth(entries: readonly ChangeSetEntry[], dryRun: boolean, observed?: HealthCode): HealthCode {
  if (observed !== undefined) return entries.some((e) => e.action === 'failed') ? worseOf(observed, 'Degraded') : observed;
  return aggregateHealth(entries.flatMap((e) => entryHealth(e, dryRun)?.status ?? []));
}
