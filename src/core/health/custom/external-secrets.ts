/**
 * External Secrets Operator (external-secrets.io), from its documentation of the `Ready` condition:
 * - ExternalSecret, SecretStore, ClusterSecretStore, PushSecret: spec not yet observed
 *   Progressing; Ready=True Healthy (secret synced, store valid); Ready=False Degraded
 *   (SecretSyncedError, InvalidProviderConfig, ...); no verdict yet Progressing.
 * - ClusterExternalSecret: namespaces listed in `status.failedNamespaces`, or the latest condition
 *   `PartiallyReady` or `NotReady` True: Degraded; latest `Ready` True Healthy; else Progressing.
 */
import type { Manifest } from '../../model/manifest.js';
import type { HealthCheckEntry } from '../health-check.js';
import type { HealthStatus } from '../health-status.js';
import { conditionsOf } from '../conditions.js';
import { list, record, statusOf, str } from '../status-fields.js';
import { byCondition, messageOf, notObserved } from './readiness.js';

const GROUP = 'external-secrets.io';

export function externalSecretHealth(object: Manifest): HealthStatus {
  return notObserved(object) ?? byCondition(object, 'Ready', `Waiting for the ${object.kind} to be reconciled`);
}

export function clusterExternalSecretHealth(object: Manifest): HealthStatus {
  const failed = list(statusOf(object).failedNamespaces)
    .map((f) => str(record(f)?.namespace))
    .filter((n): n is string => !!n);
  if (failed.length > 0) return { status: 'Degraded', message: `Failed in namespaces: ${failed.join(', ')}` };
  const conditions = conditionsOf(object);
  const last = conditions[conditions.length - 1];
  if (last?.status === 'True' && (last.type === 'PartiallyReady' || last.type === 'NotReady'))
    return { status: 'Degraded', message: messageOf(last, last.type) };
  if (last?.status === 'True' && last.type === 'Ready') return { status: 'Healthy', message: messageOf(last, 'Ready') };
  return { status: 'Progressing', message: 'Waiting for ClusterExternalSecret' };
}

export const externalSecretsHealthChecks: HealthCheckEntry[] = [
  ...['ExternalSecret', 'SecretStore', 'ClusterSecretStore', 'PushSecret'].map((kind) => ({
    group: GROUP,
    kind,
    check: externalSecretHealth,
  })),
  { group: GROUP, kind: 'ClusterExternalSecret', check: clusterExternalSecretHealth },
];
