import { refString } from '../core/model/object-ref.js';
import type { ChangeSetEntry } from '../core/sync/change-set.js';
import type { SyncResult } from '../engine/sync-result.js';

/** One line per object: action, object, health, and the message of failed or skipped ones. */
export function formatEntry(entry: ChangeSetEntry): string {
  const health = entry.health ? entry.health.status : '';
  const line = `${entry.action.padEnd(11)} ${refString(entry.ref).padEnd(48)} ${health}`.trimEnd();
  return entry.message && (entry.action === 'failed' || entry.action === 'skipped') ? `${line}\n            ${entry.message}` : line;
}

export function formatSummary(result: SyncResult): string {
  const counts = new Map<string, number>();
  for (const e of result.entries) counts.set(e.action, (counts.get(e.action) ?? 0) + 1);
  const parts = [...counts].map(([a, n]) => `${n} ${a}`).join(', ') || 'no objects';
  const rev = result.revision.sha.slice(0, 12);
  return `${result.dryRun ? '(dry run) ' : ''}${result.app} @ ${rev}: ${result.phase}, health ${result.health}; ${parts}${result.message ? `\n  ${result.message}` : ''}`;
}
