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
