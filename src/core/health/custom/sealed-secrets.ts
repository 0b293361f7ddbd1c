/**
 * Sealed Secrets (bitnami.com), from its documentation of the `Synced` condition the controller
 * writes after decrypting: Synced=True Healthy; Synced=False Degraded (cannot decrypt, or a Secret
 * of that name not owned by it); none yet Progressing.
 */
import type { Manifest } from '../../model/manifest.js';
import type { HealthCheckEntry } from '../health-check.js';
import type { HealthStatus } from '../health-status.js';
import { byCondition, notObserved } from './readiness.js';

export function sealedSecretHealth(object: Manifest): HealthStatus {
  return notObserved(object) ?? byCondition(object, 'Synced', 'Waiting for the SealedSecret to be decrypted');
}

export const sealedSecretsHealthChecks: HealthCheckEntry[] = [{ group: 'bitnami.com', kind: 'SealedSecret', check: sealedSecretHealth }];
