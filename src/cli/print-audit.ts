import type { AuditEvent } from '../store/store.js';
import { formatTable, truncate } from './format-table.js';

/** `key=value` pairs; strings bare, other values as JSON. */
export function formatDetail(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

/** ID, TIME (UTC, to the second), ACTOR, ACTION, APP, DETAIL: oldest first, as the API returns them. */
export function formatAuditTable(events: AuditEvent[]): string {
  if (events.length === 0) return 'no audit events';
  const rows = events.map((e) => [
    String(e.id),
    e.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    e.actor,
    e.action,
    e.app ?? '-',
    truncate(formatDetail(e.detail), 80),
  ]);
  return formatTable(['ID', 'TIME', 'ACTOR', 'ACTION', 'APP', 'DETAIL'], rows);
}
