import { UsageError } from '../usage-error.js';
import { agentFlags, clientFor, intFlag, printJson, wantsJson } from '../agent-flags.js';
import { processIO, type CommandIO } from '../command-io.js';
import { defineCommand } from '../command-spec.js';
import { printHelp } from '../format-help.js';
import { expectPositionals, parseCommand } from '../parse-command.js';
import { formatHistoryTable, formatSyncDetails } from '../print-history.js';

export const historySpec = defineCommand({
  name: 'history',
  summary: "an app's recorded syncs",
  usage: ['history APP [--limit N] [flags]', 'history APP --id N'],
  description: `Lists the app's recorded syncs, newest first: ID, STARTED, TRIGGER, WHO, REVISION, RESULT and
how many objects were changed. With --id: that sync's action on each object.`,
  positionals: true,
  flags: [
    { name: 'limit', type: 'string', value: 'N', help: 'show the newest N syncs (1 to 1000; default: all the agent keeps)' },
    { name: 'id', type: 'string', value: 'N', help: 'show sync N in full: its action on each object (IDs as listed)' },
    ...agentFlags,
  ],
});

export async function history(argv: string[], io: CommandIO = processIO): Promise<number> {
  const { values, positionals } = parseCommand(historySpec, argv);
  if (values.help) return printHelp(io.out, historySpec);
  expectPositionals(historySpec, positionals, 'APP', 1);
  const [name] = positionals;
  const json = wantsJson(values.output, 'history');
  const limit = intFlag('limit', values.limit, 1000, 'history');
  const id = intFlag('id', values.id, Number.MAX_SAFE_INTEGER, 'history');
  const client = await clientFor(values);
  if (id !== undefined) {
    const sync = await client.getSync(id);
    if (sync.app !== name) throw new UsageError(`--id: sync ${id} belongs to app "${sync.app}", not "${name}"`, { command: 'history' });
    if (json) printJson(io, sync);
    else io.out(`${formatSyncDetails(sync, io.now())}\n`);
    return 0;
  }
  const syncs = await client.history(name, limit);
  if (json) printJson(io, syncs);
  else io.out(`${formatHistoryTable(syncs, io.now())}\n`);
  return 0;
}
