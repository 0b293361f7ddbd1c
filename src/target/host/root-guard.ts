import { stat } from 'node:fs/promises';
import path from 'node:path';
import { TidewayError } from '../../core/errors.js';

/** Tideway refuses to supervise host processes as root unless told to (`--allow-root`). */
export class RunningAsRootError extends TidewayError {
  constructor() {
    super(
      'TargetUnavailable',
      'refusing to run the host target as root (uid 0): processes would run as root; pass --allow-root to run anyway',
    );
  }
}

/** Throws RunningAsRootError when the process runs as root and `allowRoot` is not set. */
export function assertNotRoot(options: { allowRoot?: boolean; uid?: number } = {}): void {
  const uid = options.uid ?? (typeof process.getuid === 'function' ? process.getuid() : undefined);
  if (uid === 0 && !options.allowRoot) throw new RunningAsRootError();
}

/** The host root, or a directory above it, can be changed by a user other than root. */
export class SharedHostRootError extends TidewayError {
  constructor(message: string) {
    super('TargetUnavailable', message);
  }
}

/**
 * Running as root, Tideway writes wherever the host root leads; a user who can rename or replace
 * the root, or a directory above it, can point it elsewhere between two writes. So as root the
 * host root and every directory above it must belong to root and be writable by no one else
 * (group or other); above the root, a sticky directory (like /tmp) is accepted. `uid` and `stat`
 * are injectable for tests.
 */
export async function assertHostRootPrivate(
  realRoot: string,
  options: { uid?: number; stat?: (p: string) => Promise<{ uid: number; mode: number }> } = {},
): Promise<void> {
  const uid = options.uid ?? (typeof process.getuid === 'function' ? process.getuid() : undefined);
  if (uid !== 0) return;
  const statOf = options.stat ?? stat;
  for (let dir = realRoot; ; dir = path.dirname(dir)) {
    const info = await statOf(dir);
    const isRoot = dir === realRoot;
    const others = (info.mode & 0o022) !== 0 && (isRoot || (info.mode & 0o1000) === 0);
    if (info.uid !== 0 || others) {
      const where = isRoot ? `the host root ${dir}` : `${dir} (above the host root)`;
      const why = info.uid !== 0 ? `belongs to uid ${info.uid}` : `is writable by others (mode ${(info.mode & 0o7777).toString(8)})`;
      throw new SharedHostRootError(
        `refusing to run the host target as root: ${where} ${why}; another user could redirect its writes (make it root's, not writable by group or others)`,
      );
    }
    if (path.dirname(dir) === dir) return;
  }
}
