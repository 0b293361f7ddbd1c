import type { HealthCode } from '../health/health-status.js';

/** What the agent knows of a dependency: its last recorded status (undefined when no such app). */
export interface DependencyStatus {
  syncStatus: 'Synced' | 'OutOfSync' | 'Unknown';
  health: HealthCode;
  /** The dependency's automation is paused (a rollback): it may stay behind Git. */
  paused?: boolean;
}

/** A dependency an app waits for, and why. */
export interface DependencyWait {
  name: string;
  reason: string;
}

/** How often an app waiting for its dependencies looks at them again (their status changes wake it sooner). */
export const DEPENDENCY_RECHECK_MS = 5_000;

/**
 * The dependencies an app still waits for: each must exist, be Synced (its live state is its current
 * revision) and Healthy. In the order the app lists them.
 */
export function pendingDependencies(
  dependsOn: ReadonlyArray<{ name: string }>,
  statusOf: (name: string) => DependencyStatus | undefined,
): DependencyWait[] {
  const waits: DependencyWait[] = [];
  for (const { name } of dependsOn) {
    const status = statusOf(name);
    if (!status) waits.push({ name, reason: 'no such application yet' });
    else if (status.syncStatus !== 'Synced') waits.push({ name, reason: `not synced to its current revision (${status.syncStatus})` });
    else if (status.health !== 'Healthy') waits.push({ name, reason: `not Healthy (${status.health})` });
  }
  return waits;
}

/** One line for a status condition: `waiting for db (not Healthy (Progressing)), cache (no such application yet)`. */
export function describeWaits(waits: readonly DependencyWait[]): string {
  return `waiting for ${waits.map((w) => `${w.name} (${w.reason})`).join(', ')}`;
}
