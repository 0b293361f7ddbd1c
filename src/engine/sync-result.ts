import type { HealthCode } from '../core/health/health-status.js';
import type { Revision } from '../core/model/revision.js';
import type { ChangeSetEntry } from '../core/sync/change-set.js';

export type SyncPhase = 'Succeeded' | 'Failed';

/** The outcome of one sync: every object's action and health, and the app's overall result. */
export interface SyncResult {
  app: string;
  revision: Revision;
  dryRun: boolean;
  phase: SyncPhase;
  message?: string;
  entries: ChangeSetEntry[];
  health: HealthCode;
  startedAt: string;
  finishedAt: string;
}
