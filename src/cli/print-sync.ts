import { refString } from '../core/model/object-ref.js';
import type { ChangeSetEntry } from '../core/sync/change-set.js';
import type { SyncEventListener } from '../core/sync/sync-event.js';
import type { SyncResult } from '../engine/sync-result.js';

/** One line per object: action, object, health, and the message of failed or skipped ones. */
export function formatEntry(entry: ChangeSetEntry): string {
  const health = entry.health ? entry.health.status : '';
  const line = `${entry.action.padEnd(11)} ${refString(entry.ref).padEnd(48)} ${health}`.trimEnd();
  const explained = entry.action === 'failed' || entry.action === 'skipped' || entry.reason === 'Adopted';
  return entry.message && explained ? `${line}\n            ${entry.message}` : line;
}

export function formatSummary(result: SyncResult): string {
  const counts = new Map<string, number>();
  for (const e of result.entries) counts.set(e.action, (counts.get(e.action) ?? 0) + 1);
  const parts = [...counts].map(([a, n]) => `${n} ${a}`).join(', ') || 'no objects';
  const rev = result.revision.sha.slice(0, 12);
  return `${result.dryRun ? '(dry run) ' : ''}${result.app} @ ${rev}: ${result.phase}, health ${result.health}; ${parts}${result.message ? `\n  ${result.message}` : ''}`;
}

/**
 * Prints a sync as it runs: one line per object on `out` as its outcome is known, and, while the sync
 * waits for health, what is still pending and the time left on `progress`, at most every `everyMs`.
 */
export function syncPrinter(out: (line: string) => void, progress: (line: string) => void, everyMs = 2000): SyncEventListener {
  let lastProgress = 0;
  const health = new Map<string, string>();
  return (event) => {
    if (event.type === 'object') out(formatEntry(event.entry));
    else if (event.type === 'health') health.set(refString(event.ref), event.health.message ?? event.health.status);
    else if (event.type === 'waiting' && event.for === 'health' && Date.now() - lastProgress >= everyMs) {
      lastProgress = Date.now();
      const first = event.pending[0] && refString(event.pending[0]);
      const detail = first ? `: ${first} ${health.get(first) ?? ''}`.trimEnd() : '';
      progress(`waiting for health: ${event.pending.length} object(s) not ready${detail}; ${formatSeconds(event.timeLeftMs)} left`);
    }
  };
}

export function formatSeconds(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
