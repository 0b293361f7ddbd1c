/**
 * One line per thing worth telling about an app while the quickstart runs: a finished sync, a change of
 * sync status or health, a problem (condition) appearing. Pure: the caller polls and prints.
 */
import type { AppStatus, SyncRecord } from '../store/store.js';

const shortSha = (sha: string) => sha.slice(0, 7);

/** `sync #2 Succeeded: 4f3e2a1 "Change the greeting" (poll, by Ada): File/greeter-config configured, Service/greeter configured` */
export function describeSync(sync: SyncRecord): string {
  const changed = sync.entries.filter((e) => e.action !== 'unchanged');
  const objects =
    changed.length === 0
      ? 'nothing changed'
      : changed
          .slice(0, 6)
          .map((e) => `${e.ref.kind}/${e.ref.name} ${e.action}`)
          .join(', ') + (changed.length > 6 ? `, and ${changed.length - 6} more` : '');
  const message = sync.revision.message ? ` "${sync.revision.message.split('\n')[0]}"` : '';
  const who = sync.who ? `, by ${sync.who}` : '';
  const why = sync.message && sync.result !== 'Succeeded' ? ` (${sync.message})` : '';
  return `sync #${sync.id} ${sync.result}${why}: ${shortSha(sync.revision.sha)}${message} (${sync.trigger}${who}): ${objects}`;
}

/** What changed between two statuses of one app worth a line: sync status, health (with its message), new conditions. */
export function describeStatusChange(before: AppStatus | undefined, after: AppStatus): string[] {
  const lines: string[] = [];
  if (before?.syncStatus !== after.syncStatus)
    lines.push(`sync status: ${after.syncStatus}${after.revision ? ` at ${shortSha(after.revision.sha)}` : ''}`);
  if (before?.health.status !== after.health.status)
    lines.push(`health: ${after.health.status}${after.health.message ? ` (${after.health.message})` : ''}`);
  const known = new Set((before?.conditions ?? []).map((c) => `${c.type}:${c.message}`));
  for (const c of after.conditions) if (!known.has(`${c.type}:${c.message}`)) lines.push(`${c.type}: ${c.message}`);
  return lines;
}
