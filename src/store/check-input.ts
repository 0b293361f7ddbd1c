import type { ChangeSetEntry } from '../core/sync/change-set.js';
import type { AppStatusInput, AuditInput, AppCondition, SyncFinish, SyncStart } from './store.js';
import {
  auditActions,
  checkName,
  checkOneOf,
  conditionTypes,
  healthCodes,
  syncResultCodes,
  syncStatusCodes,
  syncTriggers,
} from './vocabulary.js';
import { redactText } from '../core/redact/redact.js';
import { redactDetail, storedEntry } from './sanitize.js';
import { StoreError } from './store-error.js';

/**
 * Checks and normalises what callers hand a store, so both implementations accept and keep the same things.
 * The results are fresh objects: the store never keeps a reference the caller still holds. Free text
 * (messages, commit messages, audit details) goes through `redactText`: no credential is ever stored.
 */

export function checkStatusInput(status: AppStatusInput): AppStatusInput {
  const out: AppStatusInput = {
    app: checkName('status.app', status.app),
    syncStatus: checkOneOf('status.syncStatus', status.syncStatus, syncStatusCodes),
    health: { status: checkOneOf('status.health.status', status.health?.status, healthCodes) },
    conditions: (status.conditions ?? []).map(checkCondition),
    paused: status.paused === true,
  };
  if (status.health.message !== undefined) out.health.message = redactText(status.health.message);
  if (status.revision) {
    out.revision = { sha: checkName('status.revision.sha', status.revision.sha) };
    if (status.revision.author !== undefined) out.revision.author = status.revision.author;
    if (status.revision.message !== undefined) out.revision.message = redactText(status.revision.message);
    if (status.revision.date !== undefined) out.revision.date = status.revision.date;
  }
  return out;
}

function checkCondition(condition: AppCondition, i: number): AppCondition {
  return {
    type: checkOneOf(`status.conditions[${i}].type`, condition.type, conditionTypes),
    message: redactText(String(condition.message ?? '')),
    since: checkName(`status.conditions[${i}].since`, condition.since),
  };
}

/** A sync start, with `startedAt` filled in. */
export function checkSyncStart(start: SyncStart, now: Date): SyncStart & { startedAt: string } {
  const out: SyncStart & { startedAt: string } = {
    app: checkName('sync.app', start.app),
    revision: { sha: checkName('sync.revision.sha', start.revision?.sha) },
    trigger: checkOneOf('sync.trigger', start.trigger, syncTriggers),
    startedAt: start.startedAt ?? now.toISOString(),
  };
  if (start.revision.author !== undefined) out.revision.author = start.revision.author;
  if (start.revision.message !== undefined) out.revision.message = redactText(start.revision.message);
  if (start.who !== undefined) out.who = start.who;
  if (start.owner !== undefined) out.owner = checkName('sync.owner', start.owner);
  return out;
}

/** Entries added to a running sync: what the store keeps of each (see storedEntry). */
export function checkSyncEntries(entries: ChangeSetEntry[]): ChangeSetEntry[] {
  if (!Array.isArray(entries)) throw new StoreError('sync.entries must be a list');
  return entries.map(storedEntry);
}

export function checkSyncFinish(finish: SyncFinish, now: Date): SyncFinish & { finishedAt: string } {
  const result = checkOneOf('sync.result', finish.result, syncResultCodes);
  if (result === 'Running') throw new StoreError('sync.result of a finished sync cannot be Running');
  const out: SyncFinish & { finishedAt: string } = {
    result,
    entries: (finish.entries ?? []).map(storedEntry),
    finishedAt: finish.finishedAt ?? now.toISOString(),
  };
  if (finish.message !== undefined) out.message = redactText(finish.message);
  return out;
}

export function checkAuditInput(event: AuditInput, now: Date): AuditInput & { at: string } {
  const out: AuditInput & { at: string } = {
    at: event.at ?? now.toISOString(),
    actor: checkName('audit.actor', event.actor),
    action: checkOneOf('audit.action', event.action, auditActions),
    detail: redactDetail(event.detail),
  };
  if (event.app !== undefined) out.app = checkName('audit.app', event.app);
  return out;
}

export const interruptedMessage = 'the agent stopped before this sync finished';
