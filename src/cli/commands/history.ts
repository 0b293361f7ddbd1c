import { TidewayError } from '../../core/errors.js';
import { agentFlags, agentFlagsHelp, clientFor, intFlag, printJson, usage, wantsJson } from '../agent-flags.js';
import { processIO, type CommandIO } from '../command-io.js';
import { parseFlags } from '../parse-flags.js';
import { formatHistoryTable, formatSyncDetails } from '../print-history.js';

const HELP = `usage: tideway history APP [--limit N] [--data-dir DIR] [-o json]
       tideway history APP --id N

Lists the app's recorded syncs, newest first: ID, STARTED, TRIGGER, WHO, REVISION, RESULT and
how many objects were changed. With --id: that sync's action on each object.

${agentFlagsHelp}`;

export async function history(argv: string[], io: CommandIO = processIO): Promise<number> {
  const { values, positionals } = parseFlags(argv, { ...agentFlags, limit: { type: 'string' }, id: { type: 'string' } });
  if (values.help || positionals.length !== 1) return usage(io, HELP, values.help);
  const [name] = positionals;
  const json = wantsJson(values.output);
  const limit = intFlag('limit', values.limit);
  const id = intFlag('id', values.id, Number.MAX_SAFE_INTEGER);
  const client = await clientFor(values);
  if (id !== undefined) {
    const sync = await client.getSync(id);
    if (sync.app !== name) throw new TidewayError('InvalidApplication', `sync ${id} belongs to app "${sync.app}", not "${name}"`);
    if (json) printJson(io, sync);
    else io.out(`${formatSyncDetails(sync, io.now())}\n`);
    return 0;
  }
  const syncs = await client.history(name, limit);
  if (json) printJson(io, syncs);
  else io.out(`${formatHistoryTable(syncs, io.now())}\n`);
  return 0;
}
