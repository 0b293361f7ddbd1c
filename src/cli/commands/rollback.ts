import { agentFlags, clientFor, intFlag, printJson, wantsJson } from '../agent-flags.js';
import { processIO, type CommandIO } from '../command-io.js';
import { defineCommand } from '../command-spec.js';
import { printHelp } from '../format-help.js';
import { expectPositionals, parseCommand } from '../parse-command.js';
import { UsageError } from '../usage-error.js';

export const rollbackSpec = defineCommand({
  name: 'rollback',
  summary: 'sync an earlier revision and pause automation',
  usage: ['rollback APP --to REVISION [flags]', 'rollback APP --steps N [flags]'],
  description: `Asks the running agent to sync an earlier revision from the app's history and to pause
automated sync of the app until: tideway resume APP`,
  positionals: true,
  flags: [
    { name: 'to', type: 'string', value: 'REVISION', help: "a successfully synced revision from the app's history: a SHA or a prefix" },
    { name: 'steps', type: 'string', value: 'N', help: 'go back N successfully synced revisions (1 is the one before the current)' },
    ...agentFlags,
  ],
});

export async function rollback(argv: string[], io: CommandIO = processIO): Promise<number> {
  const { values, positionals } = parseCommand(rollbackSpec, argv);
  if (values.help) return printHelp(io.out, rollbackSpec);
  expectPositionals(rollbackSpec, positionals, 'APP', 1);
  const [name] = positionals;
  const json = wantsJson(values.output, 'rollback');
  const steps = intFlag('steps', values.steps, 1000, 'rollback');
  if ((values.to === undefined) === (steps === undefined)) {
    throw new UsageError('give exactly one of --to REVISION or --steps N', { command: 'rollback' });
  }
  const client = await clientFor(values);
  const result = await client.rollback(name, values.to !== undefined ? { to: values.to } : { steps: steps! });
  if (json) printJson(io, result);
  else io.out(`rolling back ${name} to ${result.revision.slice(0, 12)}; automated sync is paused until: tideway resume ${name}\n`);
  return 0;
}
