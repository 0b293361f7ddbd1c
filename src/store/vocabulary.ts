import type { AuditAction, ConditionType, SyncResultCode, SyncStatusCode } from './store.js';
import type { SyncTrigger } from '../core/reconcile/sync-trigger.js';
import type { HealthCode } from '../core/health/health-status.js';
import { StoreError } from './store-error.js';

/** Every value of the store's string unions, for checks at the boundary (both stores check alike). */
export const syncStatusCodes: readonly SyncStatusCode[] = ['Synced', 'OutOfSync', 'Unknown'];
export const syncTriggers: readonly SyncTrigger[] = ['webhook', 'poll', 'drift', 'user', 'rollback', 'startup'];
export const syncResultCodes: readonly SyncResultCode[] = ['Succeeded', 'Failed', 'Running', 'Interrupted', 'Cancelled'];
export const conditionTypes: readonly ConditionType[] = [
  'ComparisonError',
  'SourceUnavailable',
  'SyncError',
  'SharedResource',
  'OwnedElsewhere',
  'ManagedByAnotherAgent',
  'VerificationFailed',
  'DecryptionFailed',
  'PolicyDenied',
  'ProjectViolation',
];
export const healthCodes: readonly HealthCode[] = ['Healthy', 'Suspended', 'Progressing', 'Unknown', 'Missing', 'Degraded'];
export const auditActions: readonly AuditAction[] = [
  'sync.finished',
  'webhook.accepted',
  'webhook.rejected',
  'rollback',
  'resume',
  'app.added',
  'app.removed',
  'agent.started',
  'agent.stopped',
  'app.updated',
  'sync.requested',
  'drift.detected',
  'drift.backoff',
  'objects.adopted',
  'revision.refused',
  'project.violation',
  'drift.healed',
  'source.unavailable',
  'pause',
  'refresh',
  'auth.login',
  'auth.login.failed',
  'auth.logout',
  'token.created',
  'token.revoked',
];

export function checkOneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new StoreError(`${field} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
}

export function checkName(field: string, value: unknown): string {
  if (typeof value === 'string' && value.length > 0) return value;
  throw new StoreError(`${field} must be a non-empty string`);
}
