import type { Manifest } from '../model/manifest.js';
import { describeCondition, findCondition } from './conditions.js';
import type { HealthStatus } from './health-status.js';
import { generationOf, hasNoStatus, num, statusOf } from './status-fields.js';

/**
 * Bitnami SealedSecret (`bitnami.com`): the controller reports whether it could unseal the secret in a
 * `Synced` condition, which the generic check does not read. Synced=False (wrong key, wrong scope,
 * tampered data) → Degraded; Synced=True → Healthy; no status yet or an older generation observed →
 * Progressing (not yet unsealed). ExternalSecret (`external-secrets.io`) reports `Ready` and is
 * judged by the generic check.
 */
export function sealedSecretHealth(object: Manifest): HealthStatus {
  if (hasNoStatus(object)) return { status: 'Progressing', message: 'Waiting for the sealed-secrets controller to unseal it' };
  const observed = num(statusOf(object).observedGeneration);
  const generation = generationOf(object);
  if (observed !== undefined && generation !== undefined && observed < generation)
    return { status: 'Progressing', message: `Waiting for generation ${generation} to be unsealed (at ${observed})` };
  const synced = findCondition(object, 'Synced');
  if (!synced) return { status: 'Progressing', message: 'Waiting for the sealed-secrets controller to unseal it' };
  const detail = describeCondition(synced);
  if (synced.status === 'True') return { status: 'Healthy', message: detail ? `Synced: ${detail}` : 'Synced: unsealed' };
  if (synced.status === 'False') return { status: 'Degraded', message: `Cannot unseal: ${detail ?? 'no reason given'}` };
  return { status: 'Progressing', message: `Synced: ${detail ?? 'unknown'}` };
}
