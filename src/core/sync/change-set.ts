import type { ObjectRef } from '../model/object-ref.js';
import type { HealthStatus } from '../health/health-status.js';
import type { WavePhase } from '../plan/plan-waves.js';

/** What happened to one object, in the past tense (as Flux's ssa change sets). */
export type Action = 'created' | 'configured' | 'unchanged' | 'pruned' | 'skipped' | 'failed';

export interface ChangeSetEntry {
  ref: ObjectRef;
  action: Action;
  /** Why an object was skipped or failed; never contains secret values. */
  message?: string;
  /** Machine-readable reason for skipped/failed entries (Conflict, Invalid, NotOwned, ...). */
  reason?: string;
  health?: HealthStatus;
  /** Set on a hook's outcome: the phase it ran in (its `health` is how the run ended: Healthy succeeded, Degraded failed). */
  hook?: WavePhase;
}

/** One object's difference between live and desired state, as a masked unified YAML diff. */
export interface DiffEntry {
  ref: ObjectRef;
  /** 'create' when absent live, 'update' when different, 'delete' when it would be pruned, 'none' when in
   *  sync, 'error' when the comparison failed (see message and reason). */
  change: 'create' | 'update' | 'delete' | 'none' | 'error';
  /** Unified diff text (empty when in sync). Secret values are masked. */
  diff: string;
  message?: string;
  reason?: string;
}
