import path from 'node:path';
import { repoURLProblem } from '../core/application/repo-url.js';
import { normalizeSourcePath } from '../core/application/source-path.js';
import { QuickstartError } from './quickstart-error.js';

/** `tideway up` as the user asks for it (flags and environment). */
export interface UpOptions {
  /** Where everything is created (default: the current directory). */
  cwd: string;
  /** Use this repository instead of creating the example (`--repo`). */
  repo?: string;
  /** The folder of `repo` to apply (`--path`, default `.`); only with `repo`. */
  path?: string;
  /** The example repository (default `<cwd>/tideway-example`). */
  exampleDir?: string;
  /** The agent's state: SQLite, API token, git cache, host target state (default `<cwd>/.tideway`). */
  dataDir?: string;
  /** The managed root where Files are written and Services run (default `<cwd>/tideway-host`). */
  hostRoot?: string;
  /** The agent's API port on 127.0.0.1 (default 7780, or a free one when 7780 is taken; 0: any free one). */
  apiPort?: number;
  /** The example's first replica port (default 8081, or the next free pair when 8081/8082 are taken). */
  servicePort?: number;
  /** Run even as root (`--allow-root` or TIDEWAY_ALLOW_ROOT=1): the services then run as root too. */
  allowRoot?: boolean;
  /** How long to wait for the app to be Synced and Healthy (default 60 s). */
  readyTimeoutMs?: number;
}

export interface ResolvedUpOptions {
  cwd: string;
  /** Present when `--repo` was given. */
  repo?: { url: string; path: string };
  exampleDir: string;
  dataDir: string;
  hostRoot: string;
  /** `undefined`: 7780 when free, else any free port. */
  apiPort: number | undefined;
  /** `undefined`: 8081 when 8081 and 8082 are free, else the next free pair. */
  servicePort: number | undefined;
  allowRoot: boolean;
  readyTimeoutMs: number;
  appName: string;
}

export const QUICKSTART_APP = 'quickstart';
export const DEFAULT_API_PORT = 7780;
export const DEFAULT_SERVICE_PORT = 8081;

/** Fills in defaults (absolute paths under `cwd`) and checks the flags; errors name the flag. */
export function resolveUpOptions(input: UpOptions): ResolvedUpOptions {
  const cwd = path.resolve(input.cwd);
  const at = (p: string | undefined, fallback: string) => path.resolve(cwd, p ?? fallback);
  if (input.path !== undefined && input.repo === undefined)
    throw new QuickstartError('InvalidApplication', '--path: only used with --repo (the example applies its own manifests/ folder)');
  let repo: ResolvedUpOptions['repo'];
  if (input.repo !== undefined) {
    const problem = repoURLProblem(input.repo);
    // A bare directory name (`config-repo`, no scheme, no colon) is a local repository, as git reads it.
    const bareDir = problem !== undefined && !input.repo.includes(':') && !input.repo.startsWith('-');
    const local = bareDir && repoURLProblem(`./${input.repo}`) === undefined ? `./${input.repo}` : undefined;
    if (problem && !local) throw new QuickstartError('InvalidApplication', `--repo: ${problem}`);
    const url = local ?? input.repo;
    const isLocal = url === '.' || url === '..' || url.startsWith('./') || url.startsWith('../') || url.startsWith('/');
    let sourcePath: string;
    try {
      sourcePath = normalizeSourcePath(input.path ?? '.', '--path');
    } catch (error) {
      throw new QuickstartError('InvalidApplication', (error as Error).message, { cause: error });
    }
    repo = { url: isLocal ? path.resolve(cwd, url) : url, path: sourcePath };
  }
  const hostRoot = at(input.hostRoot, 'tideway-host');
  const dataDir = at(input.dataDir, '.tideway');
  const inside = path.relative(hostRoot, dataDir);
  if (inside === '' || (!inside.startsWith('..') && !path.isAbsolute(inside))) {
    throw new QuickstartError('InvalidApplication', '--data-dir: must not be inside --host-root (Tideway would manage its own state)');
  }
  return {
    cwd,
    repo,
    exampleDir: at(input.exampleDir, 'tideway-example'),
    dataDir,
    hostRoot,
    apiPort: checkPort('--port', input.apiPort, true),
    servicePort: checkPort('--service-port', input.servicePort, false),
    allowRoot: input.allowRoot ?? false,
    readyTimeoutMs: input.readyTimeoutMs ?? 60_000,
    appName: QUICKSTART_APP,
  };
}

function checkPort(flag: string, port: number | undefined, zeroAllowed: boolean): number | undefined {
  if (port === undefined) return undefined;
  const min = zeroAllowed ? 0 : 1;
  if (!Number.isInteger(port) || port < min || port > 65535)
    throw new QuickstartError('InvalidApplication', `${flag}: must be a port number from ${min} to 65535`);
  return port;
}
