import { agentFlags, clientFor, intFlag, printJson, wantsJson } from '../agent-flags.js';
import { processIO, type CommandIO } from '../command-io.js';
import { defineCommand } from '../command-spec.js';
import { printHelp } from '../format-help.js';
import { parseCommand } from '../parse-command.js';
import { formatAuditTable } from '../print-audit.js';

export const auditSpec = defineCommand({
  name: 'audit',
  summary: "the running agent's audit log",
  usage: ['audit [--app APP] [--limit N] [flags]'],
  description: "Prints the agent's audit log, oldest first (the newest N events): who did what, when.",
  flags: [
    { name: 'app', type: 'string', value: 'APP', help: "only this app's events" },
    { name: 'limit', type: 'string', value: 'N', help: 'the newest N events (1 to 1000; default 100)' },
    ...agentFlags,
  ],
});

export async function audit(argv: string[], io: CommandIO = processIO): Promise<number> {
  const { values } = parseCommand(auditSpec, argv);
  if (values.help) return printHelp(io.out, auditSpec);
  const json = wantsJson(values.output, 'audit');
  const limit = intFlag('limit', values.limit, 1000, 'audit');
  const events = await (await clientFor(values)).audit({ app: values.app, limit });
  if (json) printJson(io, events);
  else io.out(`${formatAuditTable(events)}\n`);
  return 0;
}
