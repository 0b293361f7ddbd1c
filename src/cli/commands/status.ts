import { agentFlags, agentFlagsHelp, clientFor, printJson, usage, wantsJson } from '../agent-flags.js';
import { processIO, type CommandIO } from '../command-io.js';
import { parseFlags } from '../parse-flags.js';
import { formatAppDetails, formatAppsTable } from '../print-apps.js';

const HELP = `usage: tideway status [APP] [--data-dir DIR] [-o json]

Asks the running agent how its apps are: NAME, SYNC, HEALTH, REVISION, LAST SYNC.
With APP: that app in full, with its conditions and whether automated sync is paused.

${agentFlagsHelp}`;

export async function status(argv: string[], io: CommandIO = processIO): Promise<number> {
  const { values, positionals } = parseFlags(argv, agentFlags);
  if (values.help || positionals.length > 1) return usage(io, HELP, values.help);
  const json = wantsJson(values.output);
  const client = await clientFor(values);
  if (positionals.length === 1) {
    const app = await client.getApp(positionals[0]);
    if (json) printJson(io, app);
    else io.out(`${formatAppDetails(app, io.now())}\n`);
    return 0;
  }
  const apps = await client.listApps();
  if (json) printJson(io, apps);
  else io.out(`${formatAppsTable(apps, io.now())}\n`);
  return 0;
}
