import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { QuickstartError } from './quickstart-error.js';
import { QUICKSTART_AUTHOR, runGit } from './run-git.js';

/** The example's files, as templates: a valid example as they are (replica ports from 8081). */
export const EXAMPLE_TEMPLATES_DIR = fileURLToPath(new URL('../../examples/host-quickstart/', import.meta.url));
/** The first replica port the templates are written with. */
export const TEMPLATE_SERVICE_PORT = 8081;
/** The example's Application file, at the repository root. */
export const EXAMPLE_APP_FILE = 'application.yaml';
/** The File holding the greeting, which the "things to try" edit. */
export const EXAMPLE_CONFIG_MANIFEST = 'manifests/greeter-config.yaml';
/** Where that File is written, under the host root. */
export const EXAMPLE_CONFIG_HOST_PATH = 'greeter/greeting.conf';
export const EXAMPLE_GREETING = 'Hello from Tideway';

export interface ExampleRepo {
  dir: string;
  appFile: string;
  /** True when this call created the repository; false when it was there already (kept as it is). */
  created: boolean;
}

/** The templates' replica ports moved so replica 0 listens on `port`: `{{replica + 8081}}` becomes `{{replica + port}}`. */
export function withServicePort(text: string, port: number): string {
  return text.replaceAll(`{{replica + ${TEMPLATE_SERVICE_PORT}}}`, `{{replica + ${port}}}`);
}

/**
 * Creates the quickstart's Git repository in `dir` unless it is there already: the example's files
 * (replica ports from `servicePort`), `git init`, one commit by "Tideway Quickstart". An existing
 * example is used as it is (its history is the user's); a non-empty directory that is not one is refused.
 */
export async function ensureExampleRepo(options: { dir: string; servicePort: number; templatesDir?: string }): Promise<ExampleRepo> {
  const dir = path.resolve(options.dir);
  const appFile = path.join(dir, EXAMPLE_APP_FILE);
  if (existsSync(path.join(dir, '.git')) && existsSync(appFile)) return { dir, appFile, created: false };
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw new QuickstartError('InvalidApplication', `${dir}: cannot read the directory (${error.code ?? error.message})`, { cause: error });
  });
  if (entries.length > 0) {
    throw new QuickstartError(
      'InvalidApplication',
      `${dir} exists but is not a quickstart repository (no .git or ${EXAMPLE_APP_FILE}); move it away, or use --repo`,
    );
  }
  await mkdir(dir, { recursive: true });
  await copyTemplates(options.templatesDir ?? EXAMPLE_TEMPLATES_DIR, dir, options.servicePort);
  await runGit(dir, ['init', '-q', '-b', 'main']);
  // The "things to try" commit in this repository: give it an identity when the user has none.
  const email = await runGit(dir, ['config', 'user.email']).catch(() => '');
  if (!email.trim()) {
    await runGit(dir, ['config', 'user.name', QUICKSTART_AUTHOR.name]);
    await runGit(dir, ['config', 'user.email', QUICKSTART_AUTHOR.email]);
  }
  await runGit(dir, ['add', '-A']);
  await runGit(dir, ['commit', '-q', '-m', 'Quickstart example: a greeter service and its config'], {
    GIT_AUTHOR_NAME: QUICKSTART_AUTHOR.name,
    GIT_AUTHOR_EMAIL: QUICKSTART_AUTHOR.email,
    GIT_COMMITTER_NAME: QUICKSTART_AUTHOR.name,
    GIT_COMMITTER_EMAIL: QUICKSTART_AUTHOR.email,
  });
  return { dir, appFile, created: true };
}

async function copyTemplates(from: string, to: string, servicePort: number): Promise<void> {
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      await mkdir(target, { recursive: true });
      await copyTemplates(source, target, servicePort);
    } else if (entry.isFile()) {
      const mode = (await stat(source)).mode & 0o777;
      await writeFile(target, withServicePort(await readFile(source, 'utf8'), servicePort), { mode });
    }
  }
}
