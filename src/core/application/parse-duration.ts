import { ValidationError } from '../errors.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

/** Longest duration accepted: timers cannot wait longer than 2^31-1 ms (about 24.8 days). */
export const MAX_DURATION_MS = 2 ** 31 - 1;

/**
 * Parses a Go-style duration (`30s`, `5m`, `1h30m`, `1.5h`, `250ms`) into milliseconds.
 * Throws a ValidationError naming `field` when the text is not one, or is longer than MAX_DURATION_MS.
 */
export function parseDuration(text: string, field = 'duration'): number {
  if (!WHOLE.test(text)) throw new ValidationError(field, `${JSON.stringify(text)} is not a duration (use 30s, 5m, 1h)`);
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(PART)) ms += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  ms = Math.round(ms);
  if (ms > MAX_DURATION_MS) {
    throw new ValidationError(field, `${JSON.stringify(text)} is too long (at most ${Math.floor(MAX_DURATION_MS / UNIT_MS.h)}h)`);
  }
  return ms;
}
