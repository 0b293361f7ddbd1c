import { refString } from '../../core/model/object-ref.js';
import { diffApplication, type DiffResult } from '../../engine/diff-app.js';
import { wantsJson } from '../agent-flags.js';
import { processIO, type CommandIO } from '../command-io.js';
import { defineCommand, outputFlag } from '../command-spec.js';
import { cliProjectGate } from '../cli-projects.js';
import { cacheRoot, engineDeps, loadApps } from '../engine-context.js';
import { printHelp } from '../format-help.js';
import { parseCommand } from '../parse-command.js';
import { UsageError } from '../usage-error.js';

export const diffSpec = defineCommand({
  name: 'diff',
  summary: 'show what a sync would change',
  usage: ['diff -f app.yaml [--app NAME] [--prune] [--kubeconfig FILE] [-o json]'],
  description: 'Shows what a sync would change, decided by a server-side dry-run apply. Secret values are masked.',
  flags: [
    { name: 'file', short: 'f', type: 'string', value: 'FILE', help: 'the Application file to compare (required)' },
    { name: 'app', type: 'string', value: 'NAME', help: 'only the Application of this name, when FILE holds several' },
    {
      name: 'project',
      type: 'string',
      value: 'FILE',
      multiple: true,
      help: 'Projects (files or directories) the apps are checked against, as the agent does;\nProjects in FILE itself count too',
    },
    { name: 'prune', type: 'boolean', help: 'also show the objects a sync with --prune would delete' },
    { name: 'kubeconfig', type: 'string', value: 'FILE', help: 'the kubeconfig to use (default KUBECONFIG, then ~/.kube/config)' },
    outputFlag,
  ],
  footer: 'Exit status: 0 in sync, 1 when there is a difference, 2 on error.',
});

export async function diff(argv: string[], io: CommandIO = processIO): Promise<number> {
  const { values } = parseCommand(diffSpec, argv);
  if (values.help) return printHelp(io.out, diffSpec);
  if (!values.file) throw new UsageError('-f FILE is required: the Application file to compare', { command: 'diff' });
  const json = wantsJson(values.output, 'diff');
  const results: DiffResult[] = [];
  const apps = await loadApps(values.file, values.app);
  const projects = await cliProjectGate(values.file, values.project ?? [], [cacheRoot()]);
  for (const app of apps) {
    const bounds = projects.admit(app);
    const deps = await engineDeps(app, { kubeconfig: values.kubeconfig });
    try {
      results.push(await diffApplication({ ...deps, ...bounds }, app, { prune: values.prune }));
    } finally {
      deps.close();
    }
  }
  if (json) {
    process.stdout.write(`${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`);
  } else {
    for (const r of results) {
      for (const e of r.entries) {
        if (e.change === 'none') continue;
        if (e.change === 'error' || e.change === 'delete')
          process.stdout.write(`${e.change === 'error' ? 'error' : 'prune'}: ${e.message ?? refString(e.ref)}\n`);
        else process.stdout.write(`${e.diff || e.message || refString(e.ref)}\n`);
      }
      process.stdout.write(
        `${r.app} @ ${r.revision.sha.slice(0, 12)}: ${r.inSync ? 'in sync' : `${r.entries.filter((e) => e.change !== 'none').length} object(s) differ`}\n`,
      );
    }
  }
  if (results.some((r) => r.entries.some((e) => e.change === 'error'))) return 2;
  return results.every((r) => r.inSync) ? 0 : 1;
}
