import { readFile } from 'node:fs/promises';
import { agentFiles } from '../agent/agent-files.js';
import { QuickstartError } from './quickstart-error.js';

/** Set to 1 (or true) to let `tideway up` run as root, like `--allow-root`. */
export const ALLOW_ROOT_ENV = 'TIDEWAY_ALLOW_ROOT';

export function allowRootFromEnv(env: Record<string, string | undefined>): boolean {
  return ['1', 'true', 'yes'].includes((env[ALLOW_ROOT_ENV] ?? '').trim().toLowerCase());
}

/** As root the example's services would run as root too: refused unless asked for, in one line. */
export function assertRootAllowed(allowRoot: boolean, uid = typeof process.getuid === 'function' ? process.getuid() : undefined): void {
  if (uid === 0 && !allowRoot) {
    throw new QuickstartError(
      'TargetUnavailable',
      `refusing to run as root: the services it starts would run as root too; pass --allow-root (or set ${ALLOW_ROOT_ENV}=1) to run anyway`,
    );
  }
}

/** Another agent (an earlier `tideway up` still running) owns this data dir: refused, naming its pid. */
export async function assertNoAgentRunning(dataDir: string): Promise<void> {
  const text = await readFile(agentFiles(dataDir).info, 'utf8').catch(() => undefined);
  if (!text) return;
  let info: { pid?: unknown; url?: unknown };
  try {
    info = JSON.parse(text) as typeof info;
  } catch {
    return;
  }
  if (typeof info.pid !== 'number' || info.pid === process.pid || !alive(info.pid)) return;
  throw new QuickstartError(
    'Conflict',
    `a Tideway agent is already running with data dir ${dataDir} (pid ${info.pid}${typeof info.url === 'string' ? `, ${info.url}` : ''}); stop it first, or use another --data-dir`,
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
