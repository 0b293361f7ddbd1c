import { agentFlags, clientFor, printJson, wantsJson } from '../agent-flags.js';
import { processIO, type CommandIO } from '../command-io.js';
import { defineCommand } from '../command-spec.js';
import { printHelp } from '../format-help.js';
import { expectPositionals, parseCommand } from '../parse-command.js';
import { formatAppDetails, formatAppsTable, formatInvalidFiles } from '../print-apps.js';

export const statusSpec = defineCommand({
  name: 'status',
  summary: "the running agent's apps",
  usage: ['status [APP] [flags]'],
  description: `Asks the running agent how its apps are: NAME, SYNC, HEALTH, REVISION, LAST SYNC, then the
Application files it could not load, each with its error (file, field). With APP: that app in
full, with its conditions and whether automated sync is paused.
With -o json: the API's answer, {"apps": [...], "invalid": [{"file", "error"}]} (or the one app).`,
  positionals: true,
  flags: agentFlags,
});

export async function status(argv: string[], io: CommandIO = processIO): Promise<number> {
  const { values, positionals } = parseCommand(statusSpec, argv);
  if (values.help) return printHelp(io.out, statusSpec);
  expectPositionals(statusSpec, positionals, 'APP', 0, 1);
  const json = wantsJson(values.output, 'status');
  const client = await clientFor(values);
  if (positionals.length === 1) {
    const app = await client.getApp(positionals[0]);
    if (json) printJson(io, app);
    else io.out(`${formatAppDetails(app, io.now())}\n`);
    return 0;
  }
  const list = await client.listApps();
  if (json) printJson(io, list);
  else
    io.out(
      `${[formatAppsTable(list.apps, io.now()), ...(list.invalid.length > 0 ? ['', formatInvalidFiles(list.invalid)] : [])].join('\n')}\n`,
    );
  return 0;
}
