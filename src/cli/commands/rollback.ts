import { TidewayError } from '../../core/errors.js';
import { agentFlags, agentFlagsHelp, clientFor, intFlag, printJson, usage, wantsJson } from '../agent-flags.js';
import { processIO, type CommandIO } from '../command-io.js';
import { parseFlags } from '../parse-flags.js';

const HELP = `usage: tideway rollback APP --to REVISION | --steps N [--data-dir DIR] [-o json]

Asks the running agent to sync an earlier revision from the app's history (a SHA or a prefix of
one, or N syncs back) and to pause automated sync of the app until: tideway resume APP

${agentFlagsHelp}`;

export async function rollback(argv: string[], io: CommandIO = processIO): Promise<number> {
  const { values, positionals } = parseFlags(argv, { ...agentFlags, to: { type: 'string' }, steps: { type: 'string' } });
  if (values.help || positionals.length !== 1) return usage(io, HELP, values.help);
  const [name] = positionals;
  const json = wantsJson(values.output);
  const steps = intFlag('steps', values.steps);
  if ((values.to === undefined) === (steps === undefined)) {
    throw new TidewayError('InvalidApplication', 'give exactly one of --to REVISION or --steps N');
  }
  const client = await clientFor(values);
  const result = await client.rollback(name, values.to !== undefined ? { to: values.to } : { steps: steps! });
  if (json) printJson(io, result);
  else io.out(`rolling back ${name} to ${result.revision.slice(0, 12)}; automated sync is paused until: tideway resume ${name}\n`);
  return 0;
}
