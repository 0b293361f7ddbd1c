import { agentFlags, agentFlagsHelp, clientFor, intFlag, printJson, usage, wantsJson } from '../agent-flags.js';
import { processIO, type CommandIO } from '../command-io.js';
import { parseFlags } from '../parse-flags.js';
import { formatAuditTable } from '../print-audit.js';

const HELP = `usage: tideway audit [--app APP] [--limit N] [--data-dir DIR] [-o json]

Prints the agent's audit log, oldest first (the newest N events, default 100): who did what, when.

${agentFlagsHelp}`;

export async function audit(argv: string[], io: CommandIO = processIO): Promise<number> {
  const { values, positionals } = parseFlags(argv, { ...agentFlags, app: { type: 'string' }, limit: { type: 'string' } });
  if (values.help || positionals.length > 0) return usage(io, HELP, values.help);
  const json = wantsJson(values.output);
  const limit = intFlag('limit', values.limit);
  const events = await (await clientFor(values)).audit({ app: values.app, limit });
  if (json) printJson(io, events);
  else io.out(`${formatAuditTable(events)}\n`);
  return 0;
}
