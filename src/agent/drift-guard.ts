/**
 * Notices when something keeps undoing Tideway's changes (another controller, a script): a heal
 * that comes within `contestMs` of the previous one extends a streak; once the streak reaches
 * `limit`, further heals wait 1 s, 2 s, 4 s, ... (up to `maxDelayMs`) instead of looping. A calm
 * spell longer than `contestMs` ends the streak. A person's occasional edit is healed at once.
 */
export function createDriftGuard(options: { limit?: number; contestMs?: number; maxDelayMs?: number } = {}) {
  const limit = options.limit ?? 5;
  const contestMs = options.contestMs ?? 2000;
  const maxDelayMs = options.maxDelayMs ?? 5 * 60_000;
  const state = new Map<string, { last: number; streak: number }>();
  return {
    recordHeal(app: string, at: number) {
      const s = state.get(app);
      const streak = s && at - s.last < contestMs + this.delayMs(app, s.last) ? s.streak + 1 : 1;
      state.set(app, { last: at, streak });
    },
    /** 0 unless a fight is going on; then the delay before the next heal. */
    delayMs(app: string, _at?: number): number {
      const s = state.get(app);
      if (!s || s.streak < limit) return 0;
      return Math.min(1000 * 2 ** (s.streak - limit), maxDelayMs);
    },
    /** Heals in the current streak (for events). */
    streak: (app: string) => state.get(app)?.streak ?? 0,
    forget(app: string) {
      state.delete(app);
    },
  };
}
