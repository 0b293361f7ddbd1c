/**
 * A command's flags as data: the parser (parse-command.ts), `--help` (format-help.ts) and "did you
 * mean" all read the same table, so help is generated, never written by hand next to the code.
 */
export interface FlagSpec {
  /** The long name, without dashes: `data-dir`. */
  readonly name: string;
  /** One letter: `o` for `-o`. */
  readonly short?: string;
  /** A boolean flag takes no value. */
  readonly type: 'string' | 'boolean';
  /** May be given several times (`--apps A --apps B`). */
  readonly multiple?: boolean;
  /** What the value looks like in help: `DIR`, `URL`, `5m`. Default `VALUE`. */
  readonly value?: string;
  /** One sentence or two; further lines may follow after `\n`. */
  readonly help: string;
}

export interface CommandSpec {
  readonly name: string;
  /** One line, for `tideway help`. */
  readonly summary: string;
  /** Synopsis lines, without the leading `tideway `: `status [APP] [flags]`. */
  readonly usage: readonly string[];
  /** Paragraphs printed after the synopsis. */
  readonly description?: string;
  /** Whether words that are not flags are accepted (APP, DIR); the command checks how many. */
  readonly positionals?: boolean;
  readonly flags: readonly FlagSpec[];
  /** Printed after the flags: exit statuses, environment variables. */
  readonly footer?: string;
}

/** The parsed value of one flag: a boolean, a string, or every string given for a repeatable flag. */
export type FlagValue<F extends FlagSpec> = F['type'] extends 'boolean' ? boolean : F['multiple'] extends true ? string[] : string;

/** The parsed flags of a command, typed from its table; `help` is always there. */
export type FlagValues<S extends CommandSpec> = { [F in S['flags'][number] as F['name']]?: FlagValue<F> } & { help?: boolean };

/** Declares a command's table with its literal types kept, so parsed values are typed from it. */
export function defineCommand<const S extends CommandSpec>(spec: S): S {
  return spec;
}

/** Every command has -h/--help; listed last in help. */
export const helpFlag = { name: 'help', short: 'h', type: 'boolean', help: 'show this help' } as const satisfies FlagSpec;

/** `-o json` for commands that print JSON for machines; errors are then JSON too (on stderr). */
export const outputFlag = {
  name: 'output',
  short: 'o',
  type: 'string',
  value: 'json',
  help: 'print JSON for machines instead of text; an error is then one JSON line on stderr:\n{"error": {"code": "...", "message": "..."}}',
} as const satisfies FlagSpec;
