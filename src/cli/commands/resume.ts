import { agentFlags, agentFlagsHelp, clientFor, printJson, usage, wantsJson } from '../agent-flags.js';
import { processIO, type CommandIO } from '../command-io.js';
import { parseFlags } from '../parse-flags.js';

const HELP = `usage: tideway resume APP [--data-dir DIR] [-o json]

Resumes automated sync of an app that a rollback paused.

${agentFlagsHelp}`;

export async function resume(argv: string[], io: CommandIO = processIO): Promise<number> {
  const { values, positionals } = parseFlags(argv, agentFlags);
  if (values.help || positionals.length !== 1) return usage(io, HELP, values.help);
  const [name] = positionals;
  const json = wantsJson(values.output);
  const result = await (await clientFor(values)).resume(name);
  if (json) printJson(io, result);
  else io.out(`automated sync of ${name} resumed\n`);
  return 0;
}
