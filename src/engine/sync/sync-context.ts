import type { ResolvedApplication } from '../../core/application/application.js';
import type { HealthCode } from '../../core/health/health-status.js';
import type { Inventory } from '../../core/inventory/inventory.js';
import type { Manifest } from '../../core/model/manifest.js';
import type { ObjectRef } from '../../core/model/object-ref.js';
import type { Revision } from '../../core/model/revision.js';
import { redactSensitive, type SensitiveValues } from '../../core/secrets/sensitive-values.js';
import type { SyncPlan } from '../../core/plan/plan-sync.js';
import type { ChangeSetEntry } from '../../core/sync/change-set.js';
import type { SyncEvent } from '../../core/sync/sync-event.js';
import type { AppIdentity, ApplyOptions } from '../../target/target.js';
import type { EngineDeps } from '../deps.js';

/**
 * What the tasks of one sync share: its inputs (read-only) and what it has found so far. Each task
 * reads and adds to it; none of them decides what runs next (the runner, sync-app.ts, does).
 */
export interface SyncContext {
  readonly deps: EngineDeps;
  readonly app: ResolvedApplication;
  readonly id: AppIdentity;
  readonly revision: Revision;
  readonly desired: Manifest[];
  readonly plan: SyncPlan;
  /** The inventory as the sync found it. */
  readonly inventory: Inventory | undefined;
  /** What the inventory records from the start: the old one plus everything this sync applies. */
  readonly planned: ObjectRef[];
  readonly applyOptions: ApplyOptions;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Every object's outcome so far, in the order it became known. */
  readonly entries: ChangeSetEntry[];
  /** Why the sync is incomplete (definitions never became ready): later stages and prune are skipped. */
  stageError?: string;
  /** Messages for the result, joined with "; ". */
  readonly notes: string[];
  healthTimedOut: boolean;
  /** The final inventory could not be written. */
  inventoryFailed: boolean;
  /** Set once every object was found healthy or the wait timed out (health step). */
  health?: HealthCode;
  /** Values decrypted from SOPS files: never kept in an outcome's message (the API server may echo them). */
  readonly sensitive?: SensitiveValues;
  /** Reports an event to the sync's listener. */
  emit(event: SyncEvent): void;
}

/** Adds outcomes to the sync and reports each as an `object` event. */
export function recordOutcomes(ctx: SyncContext, entries: readonly ChangeSetEntry[]): void {
  for (let entry of entries) {
    if (ctx.sensitive && entry.message) entry = { ...entry, message: redactSensitive(entry.message, ctx.sensitive) };
    ctx.entries.push(entry);
    ctx.emit({ type: 'object', entry });
  }
}
