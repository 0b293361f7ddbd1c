import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { createRenderer } from '../../render/select-renderer.js';
import { renderApplication } from '../../engine/render-app.js';
import { createGitSource } from '../../source/git/index.js';
import { DEFAULT_CACHE_DIR, loadApps } from '../engine-context.js';
import { parseFlags } from '../parse-flags.js';
import { manifestsToYaml } from '../print-yaml.js';
import { RenderError } from '../../core/errors.js';
import { maskSensitive } from '../../core/secrets/sensitive-values.js';

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
      const { objects, sensitive } = await renderApplication({ source, renderer: createRenderer() }, app);
      process.stdout.write(manifestsToYaml(values['show-secrets'] ? objects : maskSensitive(objects, sensitive)));
      if (sensitive && !values['show-secrets'])
        process.stderr.write(`tideway render: ${app.name}: values decrypted from SOPS files are masked (--show-secrets prints them)\n`);
    }
    return 0;
  }
  const dir = realpathSync(path.resolve(positionals[0]));
  const root = values.root ? realpathSync(path.resolve(values.root)) : repositoryRootOf(dir);
  const input = { root, path: path.relative(root, dir) || '.', directory: { recurse: !!values.recurse } };
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
