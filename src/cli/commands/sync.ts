import { syncApplication } from '../../engine/sync/sync-app.js';
import type { SyncResult } from '../../engine/sync-result.js';
import { engineDeps, loadApps } from '../engine-context.js';
import { parseFlags, parseTimeout } from '../parse-flags.js';
import { formatSummary, syncPrinter } from '../print-sync.js';
import { isAgentSync, syncViaAgent } from './sync-via-agent.js';

const HELP = `usage: tideway sync -f app.yaml [--app NAME] [--dry-run] [--prune] [--adopt] [--wait] [--timeout 5m]
                    [--kubeconfig FILE] [-o json]
       tideway sync APP [--wait]   (asks the running agent; see tideway sync APP --help)

Applies the app's desired state now and prints one line per object with its action
(created, configured, unchanged, pruned, skipped, failed) and health. Exits 1 when anything failed.
An existing object another Tideway app or tool (Helm, Argo CD, Flux) manages is not taken over
(SharedResource, OwnedElsewhere) unless --adopt is given; nor is an app another agent keeps.
Git wins: fields Git sets are taken back from other managers (--force is accepted and changes nothing).`;

export async function sync(argv: string[]): Promise<number> {
  if (isAgentSync(argv)) return syncViaAgent(argv);
  const { values } = parseFlags(
    argv,
    {
      file: { type: 'string', short: 'f' },
      app: { type: 'string' },
      'dry-run': { type: 'boolean' },
      prune: { type: 'boolean' },
      adopt: { type: 'boolean' },
      force: { type: 'boolean' },
      wait: { type: 'boolean' },
      timeout: { type: 'string' },
      kubeconfig: { type: 'string' },
      output: { type: 'string', short: 'o' },
      verbose: { type: 'boolean', short: 'v' },
      help: { type: 'boolean', short: 'h' },
    },
    false,
  );
  if (values.help || !values.file) {
    process.stdout.write(`${HELP}\n`);
    return values.help ? 0 : 2;
  }
  const json = values.output === 'json';
  const results: SyncResult[] = [];
  for (const app of await loadApps(values.file, values.app)) {
    const deps = await engineDeps(app, { kubeconfig: values.kubeconfig, verbose: values.verbose }, { resolveFirst: true });
    try {
      const result = await syncApplication(deps, app, {
        revision: deps.revision,
        dryRun: values['dry-run'],
        prune: values.prune,
        adopt: values.adopt,
        wait: values.wait,
        timeoutMs: parseTimeout(values.timeout, 5 * 60_000),
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
