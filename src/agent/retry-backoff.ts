/** Delay before retry number `attempt` (1-based): duration × factor^(attempt-1), capped at maxDuration. */
export function retryDelayMs(attempt: number, policy: { durationMs: number; factor: number; maxDurationMs: number }): number {
  const raw = policy.durationMs * policy.factor ** Math.max(0, attempt - 1);
  return Math.min(raw, policy.maxDurationMs);
}

/** A jittered interval (±10%) so many apps polled on the same interval spread their fetches. */
export function jittered(intervalMs: number, random: () => number): number {
  return Math.round(intervalMs * (0.9 + random() * 0.2));
}
