import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { createRenderer } from '../../render/select-renderer.js';
import { remoteBaseFetcher } from '../../engine/remote-bases.js';
import { renderApplication } from '../../engine/render-app.js';
import { createGitSource } from '../../source/git/index.js';
import { cliProjectGate } from '../cli-projects.js';
import { DEFAULT_CACHE_DIR, loadApps } from '../engine-context.js';
import { manifestsToYaml } from '../print-yaml.js';
import { RenderError } from '../../core/errors.js';
import { maskSensitive } from '../../core/secrets/sensitive-values.js';
import type { RenderWarning } from '../../render/renderer.js';
import { defineCommand } from '../command-spec.js';
import { printHelp } from '../format-help.js';
import { expectPositionals, parseCommand } from '../parse-command.js';
import { UsageError } from '../usage-error.js';

export const renderSpec = defineCommand({
  name: 'render',
  summary: 'print the rendered manifests',
  usage: [
    'render DIR [--root DIR] [--recurse] [--kustomize]',
    'render -f app.yaml [--app NAME] [--show-secrets]',
    'render --helm CHART [helm template flags]   (render --helm --help)',
  ],
  description: `Prints the rendered manifests (plain YAML/JSON or a kustomization) as multi-document YAML, of a
local directory or of an Application's source (fetched from Git). Values an app decrypts
(spec.source.decryption: SOPS) are printed masked unless --show-secrets.`,
  positionals: true,
  flags: [
    { name: 'file', short: 'f', type: 'string', value: 'FILE', help: 'render the source of the Application(s) in FILE (fetched from Git)' },
    { name: 'app', type: 'string', value: 'NAME', help: 'with -f: only the Application of this name, when FILE holds several' },
    {
      name: 'project',
      type: 'string',
      value: 'FILE',
      multiple: true,
      help: 'with -f: Projects (files or directories) the apps are checked against, as the agent does;\nProjects in FILE itself count too',
    },
    {
      name: 'root',
      type: 'string',
      value: 'DIR',
      help: "files outside DIR are never read (default: the git work tree around DIR;\noutside any work tree, anything may be reached, as kustomize's own bases may)",
    },
    { name: 'recurse', type: 'boolean', help: 'plain manifests: read subdirectories too' },
    { name: 'show-secrets', type: 'boolean', help: 'with -f: print values decrypted from SOPS files instead of masking them' },
    {
      name: 'kustomize',
      type: 'boolean',
      help: 'require a kustomization in DIR (as kubectl kustomize does) instead of falling\nback to plain manifests',
    },
  ],
});

/** The real path of a directory the user named; one line when it is missing or not a directory (not `ENOENT ... lstat`). */
function realDirectory(given: string, what: string): string {
  let real: string;
  try {
    real = realpathSync(path.resolve(given));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RenderError(`${given}: ${code === 'ENOENT' ? 'no such directory' : `cannot read (${code ?? 'error'})`} (${what})`, {
      file: given,
    });
  }
  if (!statSync(real).isDirectory())
    throw new RenderError(`${given}: not a directory (${what}); to render an Application file use -f ${given}`, { file: given });
  return real;
}

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

export async function render(argv: string[]): Promise<number> {
  if (argv.includes('--helm')) return (await import('./render-helm.js')).renderHelm(argv);
  const { values, positionals } = parseCommand(renderSpec, argv);
  if (values.help) return printHelp((t) => process.stdout.write(t), renderSpec);
  if (values.file) {
    if (positionals.length > 0)
      throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}: give DIR or -f FILE, not both`, { command: 'render' });
    const cache = process.env.TIDEWAY_CACHE_DIR ?? DEFAULT_CACHE_DIR;
    const source = createGitSource({ cacheDir: path.join(cache, 'git') });
    const apps = await loadApps(values.file, values.app);
    const projects = await cliProjectGate(values.file, values.project ?? [], [cache]);
    for (const app of apps) {
      const { fetchBound } = projects.admit(app);
      const { objects, sensitive, warnings } = await renderApplication(
        { source, renderer: createRenderer({ fetchRemote: remoteBaseFetcher(source) }), fetchBound },
        app,
      );
      projects.checkRendered(app, objects);
      for (const w of warnings) printWarning(w);
      process.stdout.write(manifestsToYaml(values['show-secrets'] ? objects : maskSensitive(objects, sensitive)));
      if (sensitive && !values['show-secrets'])
        process.stderr.write(`tideway render: ${app.name}: values decrypted from SOPS files are masked (--show-secrets prints them)\n`);
    }
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('give DIR (a directory) or -f FILE (an Application)', { command: 'render' });
  expectPositionals(renderSpec, positionals, 'DIR', 1);
  const dir = realDirectory(positionals[0], 'DIR');
  const root = values.root ? realDirectory(values.root, '--root') : repositoryRootOf(dir);
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
