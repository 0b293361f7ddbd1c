import { watch, statSync, type FSWatcher } from 'node:fs';
import type { Logger } from '../../log/logger.js';

interface Watched {
  watcher: FSWatcher;
  ino: number;
}

/**
 * fs.watch on the directories that hold managed files (a directory watch sees edits, deletions and
 * renames over the file; a file watch would go deaf after the first atomic replace). `sync` is called
 * again and again (after applies and on every rescan): it re-arms watches whose directory was removed
 * or replaced and drops those no longer needed. Watches never keep the process alive.
 */
export class DirectoryWatcher {
  private readonly watched = new Map<string, Watched>();
  private closed = false;

  constructor(
    private readonly onEvent: (dir: string, filename: string | null) => void,
    private readonly log: Logger,
  ) {}

  sync(dirs: Iterable<string>): void {
    if (this.closed) return;
    const wanted = new Set(dirs);
    for (const [dir, entry] of this.watched) {
      if (!wanted.has(dir) || currentIno(dir) !== entry.ino) this.unwatch(dir);
    }
    for (const dir of wanted) {
      if (this.watched.has(dir)) continue;
      const ino = currentIno(dir);
      if (ino === undefined) continue; // will be retried once the directory exists again
      try {
        const watcher = watch(dir, { persistent: false }, (_event, filename) => this.onEvent(dir, filename ? String(filename) : null));
        watcher.on('error', (error) => {
          this.log.debug({ dir, err: error }, 'directory watch failed; will re-arm');
          this.unwatch(dir);
          this.onEvent(dir, null);
        });
        this.watched.set(dir, { watcher, ino });
      } catch (error) {
        this.log.debug({ dir, err: error }, 'cannot watch directory yet');
      }
    }
  }

  close(): void {
    this.closed = true;
    for (const dir of [...this.watched.keys()]) this.unwatch(dir);
  }

  private unwatch(dir: string): void {
    const entry = this.watched.get(dir);
    if (!entry) return;
    this.watched.delete(dir);
    try {
      entry.watcher.close();
    } catch {
      /* already closed */
    }
  }
}

function currentIno(dir: string): number | undefined {
  try {
    const info = statSync(dir);
    return info.isDirectory() ? info.ino : undefined;
  } catch {
    return undefined;
  }
}
