import { syncApplication } from '../../engine/sync/sync-app.js';
import type { SyncResult } from '../../engine/sync-result.js';
import { agentFlags, wantsJson } from '../agent-flags.js';
import { processIO, type CommandIO } from '../command-io.js';
import { defineCommand } from '../command-spec.js';
import { cliProjectGate } from '../cli-projects.js';
import { cacheRoot, engineDeps, loadApps } from '../engine-context.js';
import { printHelp } from '../format-help.js';
import { expectPositionals, parseCommand } from '../parse-command.js';
import { parseTimeout } from '../parse-flags.js';
import { formatSummary, syncPrinter } from '../print-sync.js';
import { UsageError } from '../usage-error.js';
import { syncViaAgent } from './sync-via-agent.js';

export const syncSpec = defineCommand({
  name: 'sync',
  summary: 'apply an app now',
  usage: [
    'sync -f app.yaml [--app NAME] [--dry-run] [--prune] [--adopt] [--wait [--timeout 5m]] [--kubeconfig FILE] [-o json]',
    'sync APP [--wait [--timeout 5m]] [--agent URL | --data-dir DIR] [-o json]',
  ],
  description: `With -f: applies the app's desired state now, from this machine, and prints one line per object
with its action (created, configured, unchanged, pruned, skipped, failed) and health.
With APP: asks the running agent to sync APP now.
An existing object another Tideway app or tool (Helm, Argo CD, Flux) manages is not taken over
(SharedResource, OwnedElsewhere) unless --adopt is given; nor is an app another agent keeps.
Exit status: 0 when the sync succeeded, 1 when anything failed, 2 on a usage or setup error.`,
  positionals: true,
  flags: [
    { name: 'file', short: 'f', type: 'string', value: 'FILE', help: 'the Application file to sync (with -f, Tideway syncs it itself)' },
    { name: 'app', type: 'string', value: 'NAME', help: 'with -f: only the Application of this name, when FILE holds several' },
    {
      name: 'project',
      type: 'string',
      value: 'FILE',
      multiple: true,
      help: 'with -f: Projects (files or directories) the apps are checked against, as the agent does;\nProjects in FILE itself count too',
    },
    { name: 'dry-run', type: 'boolean', help: 'with -f: ask the server to validate every change, change nothing' },
    { name: 'prune', type: 'boolean', help: 'with -f: delete objects the app owns that left Git' },
    { name: 'adopt', type: 'boolean', help: 'with -f: take over existing objects another app or tool manages (audited)' },
    { name: 'force', type: 'boolean', help: 'accepted for compatibility: every sync takes back the fields Git sets (Git wins)' },
    {
      name: 'wait',
      type: 'boolean',
      help: "wait until the objects are healthy (-f), or the agent's sync has finished (APP),\nprinting what is still progressing and the time left on stderr",
    },
    { name: 'timeout', type: 'string', value: 'DURATION', help: 'how long --wait waits: 90s, 5m, 1h30m, or seconds (default 5m)' },
    { name: 'kubeconfig', type: 'string', value: 'FILE', help: 'with -f: the kubeconfig to use (default KUBECONFIG, then ~/.kube/config)' },
    { name: 'verbose', short: 'v', type: 'boolean', help: 'with -f: log what the engine does (debug) on stderr' },
    ...agentFlags,
  ],
});

const localOnly = ['app', 'project', 'dry-run', 'prune', 'adopt', 'force', 'kubeconfig', 'verbose'] as const;
const agentOnly = ['agent', 'data-dir'] as const;

export async function sync(argv: string[], io: CommandIO = processIO): Promise<number> {
  const { values, positionals } = parseCommand(syncSpec, argv);
  if (values.help) return printHelp(io.out, syncSpec);
  const json = wantsJson(values.output, 'sync');
  const timeoutMs = parseTimeout(values.timeout, 5 * 60_000);
  if (values.file === undefined) {
    if (positionals.length === 0)
      throw new UsageError('give -f FILE (sync from a file) or APP (ask the running agent)', { command: 'sync' });
    expectPositionals(syncSpec, positionals, 'APP', 1);
    const wrong = localOnly.find((f) => values[f] !== undefined);
    if (wrong)
      throw new UsageError(`--${wrong}: only with -f FILE (sync APP asks the agent, which uses the app's own settings)`, {
        command: 'sync',
      });
    return syncViaAgent(positionals[0], { wait: !!values.wait, timeoutMs, json, agent: values.agent, dataDir: values['data-dir'] }, io);
  }
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}: give -f FILE or APP, not both`, { command: 'sync' });
  const wrong = agentOnly.find((f) => values[f] !== undefined);
  if (wrong)
    throw new UsageError(`--${wrong}: only with APP (sync -f FILE syncs from this machine, without an agent)`, { command: 'sync' });
  const results: SyncResult[] = [];
  const apps = await loadApps(values.file, values.app);
  const projects = await cliProjectGate(values.file, values.project ?? [], [cacheRoot()]);
  for (const app of apps) {
    const bounds = projects.admit(app);
    const deps = await engineDeps(app, { kubeconfig: values.kubeconfig, verbose: values.verbose }, { resolveFirst: true });
    try {
      const result = await syncApplication({ ...deps, ...bounds }, app, {
        revision: deps.revision,
        dryRun: values['dry-run'],
        prune: values.prune,
        adopt: values.adopt,
        wait: values.wait,
        timeoutMs,
        onEvent: json
          ? undefined
          : syncPrinter(
              (line) => process.stdout.write(`${line}\n`),
              (line) => process.stderr.write(`${line}\n`),
            ),
      });
      results.push(result);
      if (!json) process.stdout.write(`${formatSummary(result)}\n`);
    } finally {
      deps.close();
    }
  }
  if (json) process.stdout.write(`${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`);
  return results.some((r) => r.phase === 'Failed') ? 1 : 0;
}
