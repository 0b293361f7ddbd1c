import type { SyncRecord, SyncSummary } from './store.js';

/** The summary of a sync shown beside an app's status. */
export function summaryOf(sync: SyncRecord): SyncSummary {
  const out: SyncSummary = {
    id: sync.id,
    result: sync.result,
    trigger: sync.trigger,
    revision: sync.revision.sha,
    startedAt: sync.startedAt,
  };
  if (sync.finishedAt !== undefined) out.finishedAt = sync.finishedAt;
  if (sync.message !== undefined) out.message = sync.message;
  return out;
}
