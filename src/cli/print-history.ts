import type { SyncRecord } from '../store/store.js';
import { formatAge, formatDuration } from './format-age.js';
import { formatTable } from './format-table.js';
import { formatEntry } from './print-sync.js';
import { shortRevision } from './print-apps.js';

/** Objects a sync created, configured or pruned. */
export function changedCount(sync: SyncRecord): number {
  return sync.entries.filter((e) => e.action === 'created' || e.action === 'configured' || e.action === 'pruned').length;
}

/** ID, STARTED, TRIGGER, WHO, REVISION, RESULT, CHANGED: one row per sync, newest first. */
export function formatHistoryTable(syncs: SyncRecord[], now: Date): string {
  if (syncs.length === 0) return 'no syncs recorded';
  const rows = syncs.map((s) => [
    String(s.id),
    formatAge(s.startedAt, now),
    s.trigger,
    s.who ?? '-',
    shortRevision(s.revision, 30),
    s.result,
    String(changedCount(s)),
  ]);
  return formatTable(['ID', 'STARTED', 'TRIGGER', 'WHO', 'REVISION', 'RESULT', 'CHANGED'], rows);
}

/** One sync: what, when, who, then one line per object with its action (and why, when it failed or was skipped). */
export function formatSyncDetails(sync: SyncRecord, now: Date): string {
  const lines = [
    `Sync ${sync.id} of ${sync.app}: ${sync.result}`,
    `Revision:  ${shortRevision(sync.revision, 72)}${sync.revision.author ? ` (${sync.revision.author})` : ''}`,
    `Trigger:   ${sync.trigger}${sync.who ? ` by ${sync.who}` : ''}`,
    `Started:   ${sync.startedAt} (${formatAge(sync.startedAt, now)})`,
  ];
  if (sync.finishedAt) lines.push(`Finished:  ${sync.finishedAt} (took ${formatDuration(sync.startedAt, sync.finishedAt)})`);
  if (sync.message) lines.push(`Message:   ${sync.message}`);
  lines.push('');
  lines.push(sync.entries.length === 0 ? 'no objects' : sync.entries.map(formatEntry).join('\n'));
  return lines.join('\n');
}
