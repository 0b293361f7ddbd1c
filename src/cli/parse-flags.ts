import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TidewayError } from '../core/errors.js';
import { parseDuration } from '../core/application/parse-duration.js';

/** node:util parseArgs with errors turned into one clear line. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw new TidewayError('InvalidApplication', (error as Error).message);
  }
}

/** `--timeout`: a duration as in Applications ("90s", "5m", "1h30m"), or plain seconds. */
export function parseTimeout(text: string | undefined, fallbackMs: number): number {
  if (!text) return fallbackMs;
  return /^\d+$/.test(text) ? Number(text) * 1000 : parseDuration(text, '--timeout');
}
