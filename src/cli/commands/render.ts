import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { createRenderer } from '../../render/select-renderer.js';
import { renderApplication } from '../../engine/render-app.js';
import { createGitSource } from '../../source/git/index.js';
import { DEFAULT_CACHE_DIR, loadApps } from '../engine-context.js';
import { parseFlags } from '../parse-flags.js';
import { manifestsToYaml } from '../print-yaml.js';
import { RenderError } from '../../core/errors.js';
import { maskSensitive } from '../../core/secrets/sensitive-values.js';
import type { RenderWarning } from '../../render/renderer.js';

const HELP = `usage: tideway render DIR [--root DIR] [--recurse] [--kustomize]
       tideway render -f app.yaml [--app NAME] [--show-secrets]
       tideway render --helm CHART [helm template flags]   (tideway render --helm --help)

Prints the rendered manifests (plain YAML/JSON or a kustomization) as multi-document YAML.
--kustomize requires a kustomization in DIR (as kubectl kustomize does) instead of falling back
to plain manifests. Files outside the root are never read: --root, else the enclosing git work
tree; a directory outside any git work tree may reach anything, as kustomize's own bases may.
Values an app decrypts (spec.source.decryption: SOPS) are printed masked unless --show-secrets.`;

/** The repository root of a local directory: the nearest ancestor holding .git, else the filesystem root. */
export function repositoryRootOf(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return d;
  }
}

/** A render warning on stderr, worded as the tool that defines it prints it (kustomize's "# Warning: ..."). */
function printWarning(warning: RenderWarning): void {
  process.stderr.write(`${warning.message}\n`);
}

/** The real path of a directory given on the command line; a RenderError naming it in one line when it is not one. */
function existingDirectory(given: string): string {
  let info: ReturnType<typeof statSync> | undefined;
  try {
    info = statSync(given);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new RenderError(`${given}: no such directory`, { file: given });
    if (code === 'ENOTDIR') throw new RenderError(`${given}: not a directory`, { file: given });
    throw new RenderError(`${given}: ${cause instanceof Error ? cause.message : String(cause)}`, { file: given, cause });
  }
  if (!info?.isDirectory()) throw new RenderError(`${given}: not a directory`, { file: given });
  return realpathSync(path.resolve(given));
}

export async function render(argv: string[]): Promise<number> {
  if (argv.includes('--helm')) return (await import('./render-helm.js')).renderHelm(argv);
  const { values, positionals } = parseFlags(argv, {
    file: { type: 'string', short: 'f' },
    app: { type: 'string' },
    root: { type: 'string' },
    recurse: { type: 'boolean' },
    kustomize: { type: 'boolean' },
    'show-secrets': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help || (!values.file && positionals.length !== 1)) {
    process.stdout.write(`${HELP}\n`);
    return values.help ? 0 : 2;
  }
  if (values.file) {
    const source = createGitSource({ cacheDir: path.join(process.env.TIDEWAY_CACHE_DIR ?? DEFAULT_CACHE_DIR, 'git') });
    for (const app of await loadApps(values.file, values.app)) {
      const { objects, sensitive, warnings } = await renderApplication({ source, renderer: createRenderer() }, app);
      for (const w of warnings) printWarning(w);
      process.stdout.write(manifestsToYaml(values['show-secrets'] ? objects : maskSensitive(objects, sensitive)));
      if (sensitive && !values['show-secrets'])
        process.stderr.write(`tideway render: ${app.name}: values decrypted from SOPS files are masked (--show-secrets prints them)\n`);
    }
    return 0;
  }
  const dir = existingDirectory(positionals[0]);
  const root = values.root ? existingDirectory(values.root) : repositoryRootOf(dir);
  const input = { root, path: path.relative(root, dir) || '.', directory: { recurse: !!values.recurse }, onWarning: printWarning };
  const kustomize = await import('../../render/kustomize/index.js');
  if (values.kustomize && !(await kustomize.findKustomizationFile(dir))) {
    throw new RenderError(`${positionals[0]}: unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization'`, {
      file: positionals[0],
    });
  }
  const rendered = await (values.kustomize ? kustomize.createKustomizeRenderer() : createRenderer()).render(input);
  process.stdout.write(manifestsToYaml(rendered.map((r) => r.object)));
  return 0;
}
