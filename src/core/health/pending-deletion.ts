/**
 * An object the API server is deleting (metadata.deletionTimestamp set, finalizers still to run) is
 * Progressing, "Pending deletion", whatever its own check says, as Argo CD reports it; the check's
 * message follows. A check that already says Progressing (a terminating Namespace, with what holds
 * it) keeps its own message.
 */
import type { Manifest } from '../model/manifest.js';
import type { HealthStatus } from './health-status.js';
import { metadataOf, str } from './status-fields.js';

export function pendingDeletion(object: Manifest, health: HealthStatus): HealthStatus {
  if (!str(metadataOf(object).deletionTimestamp) || health.status === 'Progressing') return health;
  return { status: 'Progressing', message: health.message ? `Pending deletion: ${health.message}` : 'Pending deletion' };
}
