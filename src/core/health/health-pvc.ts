/** PersistentVolumeClaim health: Bound is Healthy, Pending Progressing, Lost Degraded. */
import type { Manifest } from '../model/manifest.js';
import type { HealthStatus } from './health-status.js';
import { statusOf, str } from './status-fields.js';

export function pvcHealth(object: Manifest): HealthStatus {
  const phase = str(statusOf(object).phase);
  switch (phase) {
    case 'Bound':
      return { status: 'Healthy', message: 'Claim is bound' };
    case 'Pending':
    case undefined:
      return { status: 'Progressing', message: 'Waiting for the claim to be bound' };
    case 'Lost':
      return { status: 'Degraded', message: 'Claim lost its underlying volume' };
    default:
      return { status: 'Unknown', message: `Claim phase is ${phase}` };
  }
}
