/**
 * Notices when something keeps undoing Tideway's changes (another controller, a script). A heal that
 * comes within `contestMs` (plus the delay then in force) of the previous one extends a streak; once
 * the streak reaches `limit`, the next heal waits 1 s, 2 s, 4 s, ... (at most `maxDelayMs`) instead
 * of looping. A calm spell ends the streak; a person's occasional edit is healed at once. Pure: the
 * caller keeps one state per app and passes the time.
 */
export interface FightPolicy {
  limit: number;
  contestMs: number;
  maxDelayMs: number;
}

export interface FightState {
  /** When the last heal happened (ms). */
  lastHealAt: number;
  /** Heals in the current streak. */
  streak: number;
}

export const defaultFightPolicy: FightPolicy = { limit: 5, contestMs: 2000, maxDelayMs: 5 * 60_000 };

/** The delay the streak imposes after its last heal: 0 unless a fight is going on. */
export function fightDelayMs(state: FightState | undefined, policy: FightPolicy = defaultFightPolicy): number {
  if (!state || state.streak < policy.limit) return 0;
  return Math.min(1000 * 2 ** (state.streak - policy.limit), policy.maxDelayMs);
}

/** The state after a heal at `at`. */
export function recordHeal(state: FightState | undefined, at: number, policy: FightPolicy = defaultFightPolicy): FightState {
  const contested = state !== undefined && at - state.lastHealAt < policy.contestMs + fightDelayMs(state, policy);
  return { lastHealAt: at, streak: contested ? state.streak + 1 : 1 };
}

/** How long a heal must still wait at `now` (0: heal at once). */
export function healWaitMs(state: FightState | undefined, now: number, policy: FightPolicy = defaultFightPolicy): number {
  if (!state) return 0;
  return Math.max(0, state.lastHealAt + fightDelayMs(state, policy) - now);
}
