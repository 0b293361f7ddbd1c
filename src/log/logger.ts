import pino from 'pino';
import pretty from 'pino-pretty';
import { redactStrings, redactText } from '../core/redact/redact.js';

/** The logging surface Tideway code uses (pino's). Pass it as a parameter; never import a global. */
export type Logger = Pick<pino.Logger, 'debug' | 'info' | 'warn' | 'error' | 'child'>;

/** Fields whose values never reach a log line, whatever they hold. */
const SECRET_PATHS = [
  'token',
  'password',
  'secret',
  'authorization',
  '*.token',
  '*.password',
  '*.secret',
  '*.authorization',
  'headers.authorization',
];

/**
 * pino's options for Tideway's loggers: secret fields censored by name, and every string of a line
 * (its message, its fields, its bindings, an error's message and stack) through `redactText`, so a
 * repoURL with `?access_token=` or a remote base with `user:token@` is never written as it is.
 */
export function loggerOptions(level: string): pino.LoggerOptions {
  return {
    level,
    redact: { paths: SECRET_PATHS, censor: '[redacted]' },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg)) as Parameters<typeof method>);
      },
    },
    formatters: {
      bindings: (bindings) => redactStrings(bindings),
      log: (object) => {
        const out: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(object)) out[key] = value instanceof Error ? redactError(value) : redactStrings(value);
        return out;
      },
    },
  };
}

/** The same error (its class, code and other fields) with its message and stack redacted. */
function redactError(error: Error): Error {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(error)) as Error, error);
  copy.message = redactText(error.message);
  if (error.stack !== undefined) copy.stack = redactText(error.stack);
  return copy;
}

/** pino does not format a child's bindings (`formatters.bindings` is the root's only): a child's are redacted here. */
export function redactingLogger(log: pino.Logger): Logger {
  const child = log.child.bind(log);
  return Object.assign(Object.create(log) as pino.Logger, {
    child: (bindings: pino.Bindings, options?: pino.ChildLoggerOptions) => redactingLogger(child(redactStrings(bindings), options)),
  }) as unknown as Logger;
}

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
 * Credentials are redacted from every line (see `loggerOptions`).
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const stream = options.stream ?? process.stderr;
  const tty = (stream as { isTTY?: boolean }).isTTY === true;
  const level = options.level ?? process.env.TIDEWAY_LOG_LEVEL ?? 'info';
  if (options.pretty ?? tty) return redactingLogger(pino(loggerOptions(level), pretty({ destination: stream, colorize: tty, sync: true })));
  return redactingLogger(pino(loggerOptions(level), stream));
}

export const silentLogger: Logger = pino({ level: 'silent' });
