/**
 * Notices when something keeps undoing Tideway's changes: more than `limit` heals of one app within
 * `windowMs` means a fight (another controller, a person with a script). Heals are then delayed
 * exponentially instead of looping.
 */
export function createDriftGuard(options: { limit?: number; windowMs?: number; maxDelayMs?: number } = {}) {
  const limit = options.limit ?? 5;
  const windowMs = options.windowMs ?? 60_000;
  const maxDelayMs = options.maxDelayMs ?? 5 * 60_000;
  const heals = new Map<string, number[]>();
  return {
    recordHeal(app: string, at: number) {
      const list = (heals.get(app) ?? []).filter((t) => at - t < windowMs);
      list.push(at);
      heals.set(app, list);
    },
    /** 0 while under the limit; then 1 s, 2 s, 4 s, ... up to the maximum. */
    delayMs(app: string, at: number): number {
      const recent = (heals.get(app) ?? []).filter((t) => at - t < windowMs).length;
      if (recent < limit) return 0;
      return Math.min(1000 * 2 ** (recent - limit), maxDelayMs);
    },
    forget(app: string) { heals.delete(app); },
  };
}
