import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TidewayError } from '../core/errors.js';

/** node:util parseArgs with errors turned into one clear line. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw new TidewayError('InvalidApplication', (error as Error).message);
  }
}

/** "90s", "5m", "1h30m", or plain seconds. */
export function parseTimeout(text: string | undefined, fallbackMs: number): number {
  if (!text) return fallbackMs;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const re = /(\d+)(ms|s|m|h)/g;
  let total = 0;
  let consumed = '';
  for (const m of text.matchAll(re)) {
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
    consumed += m[0];
  }
  if (consumed !== text) throw new TidewayError('InvalidApplication', `--timeout: "${text}" is not a duration (use 90s, 5m, 1h)`);
  return total;
}
