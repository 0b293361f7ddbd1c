import { DEPENDENCY_RECHECK_MS, type DependencyWait } from './dependencies.js';
import type { SyncTrigger } from './sync-trigger.js';

/**
 * Where the agent decides what a reconcile does, for every target. Two steps:
 *
 * 1. Before anything is compared (`decideReconcile`): an app whose dependencies (`spec.dependsOn`)
 *    are not all Synced and Healthy, or that is part of a dependency cycle, waits; a user's sync request or a rollback syncs at
 *    once; a new revision syncs at once when the app is automated and not paused; a drift event
 *    while the fight guard holds heals back waits; anything else (a poll, a webhook or startup
 *    finding the same revision, a drift event, a new revision the app does not apply by itself)
 *    first compares Git with the live state, writing nothing.
 * 2. After the comparison (`decideAfterCompare`):
 *    - nothing differs: the app is Synced;
 *    - something differs and the app heals itself (automated, selfHeal, not paused): heal, unless the
 *      fight guard says something keeps undoing Tideway's changes, then back off for its delay;
 *    - something differs and the app does not heal itself: it is OutOfSync; when a drift event found
 *      it (a change made outside Git to objects synced at this revision), it is recorded in the
 *      audit log and counted, while a revision not yet applied or a poll's finding is only reported.
 */
export interface ReconcilePolicy {
  automated: boolean;
  selfHeal: boolean;
}

export interface ReconcileFacts {
  trigger: SyncTrigger;
  /** The resolved revision is not the last one synced successfully. */
  newRevision: boolean;
  policy: ReconcilePolicy;
  /** Automation paused by a rollback. */
  paused: boolean;
  /** How long the fight guard still asks a heal to wait (fight-guard.ts `healWaitMs`); 0 when no fight. */
  healWaitMs: number;
  /** `spec.dependsOn` entries not yet Synced and Healthy (dependencies.ts `pendingDependencies`). */
  waitingFor?: DependencyWait[];
  /** A dependency cycle this app is part of (core/application/dependency-cycle.ts). */
  dependencyCycle?: string[];
}

export type ReconcileStep =
  | { step: 'sync'; reason: 'requested' | 'rollback' | 'new-revision' }
  | { step: 'compare' }
  | { step: 'wait'; delayMs: number; waitingFor?: DependencyWait[]; dependencyCycle?: string[] };

export function decideReconcile(facts: ReconcileFacts): ReconcileStep {
  // Dependencies first, whatever the trigger (as Flux's dependsOn): nothing syncs, heals or is even
  // compared before the apps it needs are Synced and Healthy; a cycle never syncs.
  if (facts.dependencyCycle?.length) return { step: 'wait', delayMs: DEPENDENCY_RECHECK_MS, dependencyCycle: facts.dependencyCycle };
  if (facts.waitingFor?.length) return { step: 'wait', delayMs: DEPENDENCY_RECHECK_MS, waitingFor: facts.waitingFor };
  if (facts.trigger === 'rollback') return { step: 'sync', reason: 'rollback' };
  if (facts.trigger === 'user') return { step: 'sync', reason: 'requested' };
  if (facts.newRevision && facts.policy.automated && !facts.paused) return { step: 'sync', reason: 'new-revision' };
  // Something keeps undoing Tideway's heals: a drift event waits out the guard's delay before it is
  // even compared, so a fight costs neither a heal nor a comparison per event.
  if (facts.trigger === 'drift' && facts.healWaitMs > 0) return { step: 'wait', delayMs: facts.healWaitMs };
  return { step: 'compare' };
}

export interface CompareFacts extends ReconcileFacts {
  /** The comparison found objects that would be created, configured or pruned, or that failed. */
  differs: boolean;
}

export type AfterCompare =
  | { step: 'synced' }
  | { step: 'heal' }
  | { step: 'back-off'; delayMs: number }
  | { step: 'out-of-sync'; drift: boolean };

export function decideAfterCompare(facts: CompareFacts): AfterCompare {
  if (!facts.differs) return { step: 'synced' };
  const heals = facts.policy.automated && facts.policy.selfHeal && !facts.paused;
  if (heals) return facts.healWaitMs > 0 ? { step: 'back-off', delayMs: facts.healWaitMs } : { step: 'heal' };
  return { step: 'out-of-sync', drift: facts.trigger === 'drift' && !facts.newRevision };
}

export interface RetryPolicy {
  limit: number;
  durationMs: number;
  factor: number;
  maxDurationMs: number;
}

/** The wait before attempt `attempt` (1-based) comes again: duration × factor^(attempt-1), capped at maxDuration. */
export function backoffMs(attempt: number, retry: RetryPolicy): number {
  return Math.min(retry.durationMs * retry.factor ** Math.max(0, attempt - 1), retry.maxDurationMs);
}

/**
 * After a sync whose applies failed: retry after the backoff, or give up (undefined) once `limit`
 * retries are spent; a new revision or a request starts again. A source that cannot be reached or a
 * render that fails is tried again with the same backoff and no limit: it changed nothing.
 */
export function decideRetry(attempt: number, retry: RetryPolicy): number | undefined {
  return attempt > retry.limit ? undefined : backoffMs(attempt, retry);
}
