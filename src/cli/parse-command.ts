import { parseArgs, type ParseArgsConfig } from 'node:util';
import { type CommandSpec, type FlagSpec, type FlagValues, helpFlag } from './command-spec.js';
import { suggestion } from './did-you-mean.js';
import { UsageError } from './usage-error.js';

export interface ParsedCommand<S extends CommandSpec> {
  values: FlagValues<S>;
  positionals: string[];
}

/**
 * Parses argv against a command's flag table (node:util parseArgs, strict). A wrong call is a
 * UsageError naming the flag, with the closest known flag when it looks like a typo:
 * `--fromat: unknown flag (did you mean --format?)`.
 */
export function parseCommand<S extends CommandSpec>(spec: S, argv: string[]): ParsedCommand<S> {
  const flags: readonly FlagSpec[] = [...spec.flags, helpFlag];
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const f of flags)
    options[f.name] = { type: f.type, ...(f.short ? { short: f.short } : {}), ...(f.multiple ? { multiple: true } : {}) };
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: spec.positionals ?? false, strict: true });
    return { values: values as FlagValues<S>, positionals };
  } catch (error) {
    throw new UsageError(explain(error as NodeJS.ErrnoException, spec, flags), { command: spec.name, cause: error });
  }
}

function explain(error: NodeJS.ErrnoException, spec: CommandSpec, flags: CommandSpec['flags']): string {
  const quoted = /'([^']*)'/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const given = quoted ?? error.message;
      // A one-letter flag is too short to guess from; a long one is compared with the long names.
      if (!given.startsWith('--')) return `${given}: unknown flag`;
      const name = given.split('=')[0];
      return `${name}: unknown flag${suggestion(
        name,
        flags.map((f) => `--${f.name}`),
      )}`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${JSON.stringify(quoted ?? '')}: ${spec.name} takes only flags`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const flag = flags.find((f) => quoted?.includes(`--${f.name}`));
      if (flag && /argument missing/.test(error.message)) return `--${flag.name}: needs a value (${flag.value ?? 'VALUE'})`;
      if (flag && /does not take an argument/.test(error.message)) return `--${flag.name}: takes no value`;
      return error.message.split('. ')[0];
    }
    default:
      return error.message;
  }
}

/** Checks the number of positional arguments: `status [APP]` takes 0 or 1. */
export function expectPositionals(spec: CommandSpec, positionals: string[], what: string, min: number, max = min): void {
  if (positionals.length < min) throw new UsageError(`missing ${what}`, { command: spec.name });
  if (positionals.length > max)
    throw new UsageError(
      `unexpected argument ${JSON.stringify(positionals[max])} (${spec.name} takes ${max === 0 ? 'no' : `at most ${max}`} ${what})`,
      {
        command: spec.name,
      },
    );
}
