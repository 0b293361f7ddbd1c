import type { FlagSpec } from './command-spec.js';
import { UsageError } from './usage-error.js';

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
const FORMATS = ['text', 'json'] as const;

/** `--log-level` and `--log-format` for the long-running commands (agent, up). */
export function logFlags(defaultLevel: 'info' | 'warn', defaultFormat = 'text on a terminal, else json') {
  return [
    {
      name: 'log-level',
      type: 'string',
      value: 'LEVEL',
      help: `debug, info, warn, error or silent (default ${defaultLevel}, or TIDEWAY_LOG_LEVEL)`,
    },
    {
      name: 'log-format',
      type: 'string',
      value: 'FORMAT',
      help: `text (one readable line per entry) or json (one JSON object per line), one format for\nthe whole run (default ${defaultFormat}, or TIDEWAY_LOG_FORMAT)`,
    },
  ] as const satisfies readonly FlagSpec[];
}

/** The logger options from the flags (then the environment), checked: a wrong value is a usage error naming the flag. */
export function logOptions(
  values: { 'log-level'?: string; 'log-format'?: string },
  command: string,
  defaults: { level?: string; format?: 'text' | 'json' } = {},
  env: NodeJS.ProcessEnv = process.env,
): { level: string; pretty?: boolean } {
  const level = values['log-level'] ?? (env.TIDEWAY_LOG_LEVEL || undefined) ?? defaults.level ?? 'info';
  if (!(LEVELS as readonly string[]).includes(level))
    throw new UsageError(`--log-level: ${JSON.stringify(level)} is not one of ${LEVELS.join(', ')}`, { command });
  const format = values['log-format'] ?? (env.TIDEWAY_LOG_FORMAT || undefined) ?? defaults.format;
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--log-format: ${JSON.stringify(format)} is not one of ${FORMATS.join(', ')}`, { command });
  return { level, pretty: format === undefined ? undefined : format === 'text' };
}
