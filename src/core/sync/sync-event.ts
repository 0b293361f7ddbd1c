import type { HealthCode, HealthStatus } from '../health/health-status.js';
import type { ObjectRef } from '../model/object-ref.js';
import type { Revision } from '../model/revision.js';
import type { WavePhase } from '../plan/plan-waves.js';
import type { ChangeSetEntry } from './change-set.js';

/** The steps of a sync, in the order they run (a step with nothing to do is left out). */
export type SyncStep = 'definitions' | 'cluster' | 'namespaced' | 'prune' | 'health';

/**
 * What a sync reports as it goes: the one progress channel that the command line's printer, the
 * agent, the store, the dashboard and tests all read. Every object's outcome arrives as an `object`
 * event, in the order it became known; `finished` comes last, exactly once, unless the sync throws.
 */
export type SyncEvent =
  | { type: 'started'; app: string; revision: Revision; dryRun: boolean; objects: number }
  | { type: 'step'; step: SyncStep; objects: number }
  | { type: 'object'; entry: ChangeSetEntry }
  | { type: 'waiting'; for: 'definitions' | 'health' | 'wave'; pending: ObjectRef[]; timeLeftMs: number }
  /** A wave starts (reported only when the sync has more than one wave, or hooks). */
  | { type: 'wave'; phase: WavePhase; wave: number; objects: number; hooks: number }
  /** A hook run changed state: Running once applied, then Succeeded or Failed, then Deleted by its policy. */
  | { type: 'hook'; phase: WavePhase; ref: ObjectRef; status: HookRunStatus; message?: string }
  | { type: 'health'; ref: ObjectRef; health: HealthStatus }
  | { type: 'finished'; phase: 'Succeeded' | 'Failed'; health: HealthCode; message?: string };

export type HookRunStatus = 'Running' | 'Succeeded' | 'Failed' | 'Deleted';

export type SyncEventListener = (event: SyncEvent) => void;
