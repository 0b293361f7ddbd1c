import path from 'node:path';
import type { FileManager } from './file-manager.js';
import type { FileRecords } from './file-records.js';
import { DirectoryWatcher } from './file-watcher.js';
import type { Logger } from '../../log/logger.js';

/**
 * Notices changes to managed files: fs.watch on their directories (debounced a few ms), plus a rescan
 * every `resyncMs` as a safety net (a watched directory that was removed, an event lost). Each change
 * runs FileManager.inspect, which reports the drift (restoring it is the agent's decision).
 */
export class FileDriftWatch {
  private readonly watcher: DirectoryWatcher;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly files: FileManager,
    private readonly records: FileRecords,
    private readonly options: { resyncMs: number; debounceMs: number; log: Logger },
  ) {
    this.watcher = new DirectoryWatcher((dir, filename) => this.onEvent(dir, filename), options.log);
  }

  start(): void {
    this.sync();
    // Deliberately not unref'd: an open host target keeps the process alive until close().
    this.timer = setInterval(() => this.resync(), this.options.resyncMs);
    for (const record of this.records.all()) this.schedule(record.name);
  }

  /** Watches the directories of the current records (after an apply or prune). */
  sync(): void {
    if (this.closed) return;
    this.watcher.sync(new Set(this.records.all().map((r) => path.dirname(this.files.lexicalPath(r)))));
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.watcher.close();
  }

  private resync(): void {
    this.sync();
    for (const record of this.records.all()) this.schedule(record.name);
  }

  private onEvent(dir: string, filename: string | null): void {
    for (const name of this.files.namesFor(dir, filename)) this.schedule(name);
  }

  private schedule(name: string): void {
    if (this.closed || this.pending.has(name)) return;
    const timer = setTimeout(() => {
      this.pending.delete(name);
      if (this.closed) return;
      this.files
        .inspect(name)
        .catch((error) => this.options.log.error({ file: name, err: error }, 'cannot check or restore a managed file'));
    }, this.options.debounceMs);
    timer.unref();
    this.pending.set(name, timer);
  }
}
