import { refString } from '../../core/model/object-ref.js';
import { diffApplication, type DiffResult } from '../../engine/diff-app.js';
import { engineDeps, loadApps } from '../engine-context.js';
import { parseFlags } from '../parse-flags.js';

const HELP = `usage: tideway diff -f app.yaml [--app NAME] [--prune] [--kubeconfig FILE] [-o json]

Shows what a sync would change, decided by a server-side dry-run apply. Secret values are masked.
Exit status: 0 in sync, 1 when there is a difference, 2 on error.`;

export async function diff(argv: string[]): Promise<number> {
  const { values } = parseFlags(
    argv,
    {
      file: { type: 'string', short: 'f' },
      app: { type: 'string' },
      prune: { type: 'boolean' },
      kubeconfig: { type: 'string' },
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
    false,
  );
  if (values.help || !values.file) {
    process.stdout.write(`${HELP}\n`);
    return values.help ? 0 : 2;
  }
  const results: DiffResult[] = [];
  for (const app of await loadApps(values.file, values.app)) {
    const deps = await engineDeps(app, { kubeconfig: values.kubeconfig });
    try {
      results.push(await diffApplication(deps, app, { prune: values.prune }));
    } finally {
      deps.close();
    }
  }
  if (values.output === 'json') {
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
