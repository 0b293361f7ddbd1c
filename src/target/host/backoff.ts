/**
 * Crash-loop backoff for supervised replicas. Pure.
 * The n-th consecutive failure waits 0 s, 1 s, 2 s, 4 s, ... capped at 30 s; a replica that ran for
 * 10 s before it exited starts again from 0.
 */
export interface BackoffPolicy {
  /** Delay after the second consecutive failure; doubles after each further one. */
  baseMs: number;
  capMs: number;
  /** A run at least this long resets the count of consecutive failures. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 30_000, stableMs: 10_000 };

/** Delay before restarting after `failures` consecutive failures (1 = first failure: restart at once). */
export function backoffDelay(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  if (failures <= 1) return 0;
  const exponent = Math.min(failures - 2, 30);
  return Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
}

/** The count of consecutive failures after a replica that ran for `ranMs` exited. */
export function nextFailureCount(previous: number, ranMs: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  return ranMs >= policy.stableMs ? 1 : previous + 1;
}

/** A replica is crash-looping once it failed twice in a row without a stable run in between. */
export function isCrashLooping(failures: number): boolean {
  return failures >= 2;
}
