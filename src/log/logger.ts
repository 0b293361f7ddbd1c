import pino from 'pino';
import pretty from 'pino-pretty';

/** The logging surface Tideway code uses (pino's). Pass it as a parameter; never import a global. */
export type Logger = Pick<pino.Logger, 'debug' | 'info' | 'warn' | 'error' | 'child'>;

export interface LoggerOptions {
  level?: string;
  /** Readable lines (pino-pretty) instead of JSON; default: when the stream is a terminal. One format for the whole run. */
  pretty?: boolean;
  /** Where lines go; default process.stderr (so a reader that goes away is handled as the CLI handles it). */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * Structured JSON logs, one object per line; readable text when attached to a terminal (or
 * `pretty: true`), coloured only on a terminal. Every line carries the agent's `pid` (pino's
 * base): a log call must not set a `pid` key of its own (a replica's pid is `replicaPid`).
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const stream = options.stream ?? process.stderr;
  const tty = (stream as { isTTY?: boolean }).isTTY === true;
  const level = options.level ?? process.env.TIDEWAY_LOG_LEVEL ?? 'info';
  const redact = { paths: ['*.token', '*.password', '*.secret', '*.authorization', 'headers.authorization'], censor: '[redacted]' };
  if (options.pretty ?? tty) return pino({ level, redact }, pretty({ destination: stream, colorize: tty, sync: true }));
  return pino({ level, redact }, stream);
}

export const silentLogger: Logger = pino({ level: 'silent' });
