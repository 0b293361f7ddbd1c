import type { ChangeSetEntry } from '../core/sync/change-set.js';
import type { SyncEvent } from '../core/sync/sync-event.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/store.js';

export interface SyncEntriesRecorder {
  /** Hears the sync's events; each object's outcome is stored with the next batch. */
  onEvent(event: SyncEvent): void;
  /** Stops recording (the sync is about to be finished with its full list) once what was sent is stored. */
  close(): Promise<void>;
}

/**
 * Stores a running sync's entries as they happen, in batches (`maxBatch` entries, or whatever came
 * within `delayMs`), so that a sync the agent never finishes (killed, power lost) keeps in its
 * history what it applied. A batch that cannot be stored is logged and dropped: recording never
 * fails a sync, and `finishSync` writes the complete list anyway.
 */
export function recordSyncEntries(
  store: Store,
  id: number,
  log: Logger,
  options: { maxBatch?: number; delayMs?: number } = {},
): SyncEntriesRecorder {
  const maxBatch = options.maxBatch ?? 100;
  const delayMs = options.delayMs ?? 200;
  let pending: ChangeSetEntry[] = [];
  let timer: NodeJS.Timeout | undefined;
  let stored: Promise<void> = Promise.resolve();
  let closed = false;

  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    stored = stored.then(
      () =>
        store.appendSyncEntries(id, batch).then(
          () => {},
          (error: unknown) => log.warn({ sync: id, err: error }, 'could not record sync entries'),
        ),
      () => {},
    );
  };

  return {
    onEvent(event) {
      if (closed || event.type !== 'object') return;
      pending.push(event.entry);
      if (pending.length >= maxBatch) flush();
      else timer ??= setTimeout(flush, delayMs);
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      pending = [];
      await stored;
    },
  };
}
