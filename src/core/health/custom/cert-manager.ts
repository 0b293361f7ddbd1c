/**
 * cert-manager (cert-manager.io), from its documentation of the `Ready` and `Issuing` conditions:
 * - Certificate: Issuing=True is Progressing (a certificate is being issued or renewed); Ready=True
 *   Healthy; Ready=False Degraded; no verdict yet Progressing.
 * - Issuer, ClusterIssuer: Ready=True Healthy (the ACME account is registered, the CA found);
 *   Ready=False Degraded; none yet Progressing.
 * - CertificateRequest: Denied=True or InvalidRequest=True Degraded; Ready=True Healthy; Ready=False
 *   with reason Failed or Denied Degraded; Ready=False Pending (waiting for the issuer) Progressing.
 */
import type { Manifest } from '../../model/manifest.js';
import type { HealthCheckEntry } from '../health-check.js';
import type { HealthStatus } from '../health-status.js';
import { findCondition, isTrue } from '../conditions.js';
import { byCondition, messageOf, notObserved } from './readiness.js';

const GROUP = 'cert-manager.io';

export function certificateHealth(object: Manifest): HealthStatus {
  const issuing = findCondition(object, 'Issuing');
  if (isTrue(issuing)) return { status: 'Progressing', message: messageOf(issuing, 'Issuing certificate') };
  return notObserved(object) ?? byCondition(object, 'Ready', 'Waiting for certificate');
}

export function issuerHealth(object: Manifest): HealthStatus {
  return notObserved(object) ?? byCondition(object, 'Ready', `Initializing ${object.kind}`);
}

export function certificateRequestHealth(object: Manifest): HealthStatus {
  for (const type of ['Denied', 'InvalidRequest']) {
    const c = findCondition(object, type);
    if (isTrue(c)) return { status: 'Degraded', message: messageOf(c, type) };
  }
  const ready = findCondition(object, 'Ready');
  if (ready?.status === 'False' && ready.reason === 'Pending') return { status: 'Progressing', message: messageOf(ready, 'Pending') };
  return byCondition(object, 'Ready', 'Waiting for the issuer to sign the request');
}

export const certManagerHealthChecks: HealthCheckEntry[] = [
  { group: GROUP, kind: 'Certificate', check: certificateHealth },
  { group: GROUP, kind: 'Issuer', check: issuerHealth },
  { group: GROUP, kind: 'ClusterIssuer', check: issuerHealth },
  { group: GROUP, kind: 'CertificateRequest', check: certificateRequestHealth },
];
