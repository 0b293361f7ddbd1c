import { agentFlags, clientFor, printJson, wantsJson } from '../agent-flags.js';
import { processIO, type CommandIO } from '../command-io.js';
import { defineCommand } from '../command-spec.js';
import { printHelp } from '../format-help.js';
import { expectPositionals, parseCommand } from '../parse-command.js';

export const resumeSpec = defineCommand({
  name: 'resume',
  summary: 'resume automated sync after a rollback',
  usage: ['resume APP [flags]'],
  description: 'Resumes automated sync of an app that a rollback paused.',
  positionals: true,
  flags: agentFlags,
});

export async function resume(argv: string[], io: CommandIO = processIO): Promise<number> {
  const { values, positionals } = parseCommand(resumeSpec, argv);
  if (values.help) return printHelp(io.out, resumeSpec);
  expectPositionals(resumeSpec, positionals, 'APP', 1);
  const [name] = positionals;
  const json = wantsJson(values.output, 'resume');
  const result = await (await clientFor(values)).resume(name);
  if (json) printJson(io, result);
  else io.out(`automated sync of ${name} resumed\n`);
  return 0;
}
