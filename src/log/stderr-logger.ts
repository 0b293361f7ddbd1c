import { redactText } from '../core/redact/redact.js';
import type { Logger } from './logger.js';

const LEVELS = { debug: 20, info: 30, warn: 40, error: 50 } as const;
type Level = keyof typeof LEVELS;

/** Keys whose values never reach a log line (as the agent's pino logger redacts them). */
const SECRET_KEY = /token|password|secret|authorization/i;

function formatValue(key: string, value: unknown): string {
  if (SECRET_KEY.test(key)) return '[redacted]';
  if (value instanceof Error) return JSON.stringify(redactText(value.message));
  if (typeof value !== 'string') return redactText(String(JSON.stringify(value)));
  const text = redactText(value);
  return /[\s"=]/.test(text) || text === '' ? JSON.stringify(text) : text;
}

/**
 * The command line's logger: one human line per entry on stderr (`warn: git fetch failed
 * repoURL=...`), from `level` up. The CLI logs little and must start fast; the agent, which logs a
 * lot for machines, uses pino (`createLogger`) instead.
 */
export function createStderrLogger(
  level: Level = 'warn',
  bindings: Record<string, unknown> = {},
  write: (line: string) => void = (l) => process.stderr.write(l),
): Logger {
  const threshold = LEVELS[level];
  const at = (name: Level) => (first?: unknown, second?: unknown) => {
    if (LEVELS[name] < threshold) return;
    const fields = { ...bindings, ...(typeof first === 'object' && first !== null && !(first instanceof Error) ? first : {}) } as Record<
      string,
      unknown
    >;
    if (first instanceof Error) fields.err = first;
    const message = typeof first === 'string' ? first : typeof second === 'string' ? second : '';
    const pairs = Object.entries(fields)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${formatValue(k, v)}`);
    write(`${name}: ${[redactText(message), ...pairs].filter(Boolean).join(' ')}\n`);
  };
  const logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more: Record<string, unknown>) => createStderrLogger(level, { ...bindings, ...more }, write),
  };
  return logger as unknown as Logger;
}
