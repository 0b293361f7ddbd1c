import type { AppStatus, AuditEvent, SyncRecord } from '../store.js';
import type { HealthCode } from '../../core/health/health-status.js';

/** Rows as SQLite returns them, and their records. NULL columns become absent fields. */

export interface StatusRow {
  app: string;
  sync_status: AppStatus['syncStatus'];
  health_status: HealthCode;
  health_message: string | null;
  revision_sha: string | null;
  revision_author: string | null;
  revision_message: string | null;
  revision_date: string | null;
  conditions: string;
  paused: number;
  updated_at: string;
}

export interface SyncRow {
  id: number;
  app: string;
  revision_sha: string;
  revision_author: string | null;
  revision_message: string | null;
  trigger: SyncRecord['trigger'];
  who: string | null;
  owner: string | null;
  started_at: string;
  finished_at: string | null;
  result: SyncRecord['result'];
  message: string | null;
  entries: string;
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: AuditEvent['action'];
  app: string | null;
  detail: string;
}

function set<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | null): void {
  if (value !== null && value !== undefined) target[key] = value;
}

export function statusFromRow(row: StatusRow): AppStatus {
  const status: AppStatus = {
    app: row.app,
    syncStatus: row.sync_status,
    health: { status: row.health_status },
    conditions: JSON.parse(row.conditions),
    paused: row.paused === 1,
    updatedAt: row.updated_at,
  };
  set(status.health, 'message', row.health_message);
  if (row.revision_sha !== null) {
    status.revision = { sha: row.revision_sha };
    set(status.revision, 'author', row.revision_author);
    set(status.revision, 'message', row.revision_message);
    set(status.revision, 'date', row.revision_date);
  }
  return status;
}

export function syncFromRow(row: SyncRow): SyncRecord {
  const record: SyncRecord = {
    id: row.id,
    app: row.app,
    revision: { sha: row.revision_sha },
    trigger: row.trigger,
    startedAt: row.started_at,
    result: row.result,
    entries: JSON.parse(row.entries),
  };
  set(record.revision, 'author', row.revision_author);
  set(record.revision, 'message', row.revision_message);
  set(record, 'who', row.who);
  set(record, 'owner', row.owner);
  set(record, 'finishedAt', row.finished_at);
  set(record, 'message', row.message);
  return record;
}

export function auditFromRow(row: AuditRow): AuditEvent {
  const event: AuditEvent = { id: row.id, at: row.at, actor: row.actor, action: row.action, detail: JSON.parse(row.detail) };
  set(event, 'app', row.app);
  return event;
}
