/**
 * Health of any other object, from the conventions most controllers follow (kstatus, Flux, Crossplane):
 * - no status at all: Healthy (ConfigMap, Secret, ServiceAccount, RBAC and other objects without status);
 * - spec.suspend true: Suspended (Flux sources, Kustomizations, HelmReleases);
 * - status.observedGeneration behind metadata.generation: Progressing;
 * - Stalled=True: Degraded; then Ready, else Available: True Healthy, Unknown Progressing, False Progressing
 *   when the reason reads as work in progress or the condition is older than the spec, otherwise Degraded;
 * - Reconciling=True: Progressing; otherwise Healthy.
 */
import type { Manifest } from '../model/manifest.js';
import type { HealthStatus } from './health-status.js';
import { describeCondition, findCondition, isTrue, type Condition } from './conditions.js';
import { generationOf, hasNoStatus, num, specOf, statusOf } from './status-fields.js';

const failureReason = /fail|error|invalid|denied|forbidden|backoff|exceeded|notfound|conflict|unavailable/i;
const progressReason = /progress|reconcil|pending|wait|creat|initiali|provision|updat|scaling|deploying|starting|retry/i;

/** Whether a False Ready/Available condition describes ongoing work rather than a fault. */
export function reasonIsProgress(reason: string | undefined): boolean {
  if (!reason) return false;
  return !failureReason.test(reason) && progressReason.test(reason);
}

function staleCondition(object: Manifest, c: Condition): boolean {
  const generation = generationOf(object);
  return generation !== undefined && c.observedGeneration !== undefined && c.observedGeneration < generation;
}

function fromCondition(object: Manifest, c: Condition): HealthStatus {
  const detail = describeCondition(c);
  const message = detail ? `${c.type}: ${detail}` : c.type;
  if (staleCondition(object, c)) return { status: 'Progressing', message: `${c.type} condition not yet updated for the latest spec` };
  if (c.status === 'True') return { status: 'Healthy', message };
  if (c.status === 'False' && !reasonIsProgress(c.reason)) return { status: 'Degraded', message };
  return { status: 'Progressing', message };
}

export function genericHealth(object: Manifest): HealthStatus {
  if (specOf(object).suspend === true) return { status: 'Suspended', message: `${object.kind} is suspended` };
  if (hasNoStatus(object)) return { status: 'Healthy', message: 'No status to assess' };
  const observed = num(statusOf(object).observedGeneration);
  const generation = generationOf(object);
  if (observed !== undefined && generation !== undefined && observed < generation) {
    return { status: 'Progressing', message: `Waiting for generation ${generation} to be observed (at ${observed})` };
  }
  const stalled = findCondition(object, 'Stalled');
  if (isTrue(stalled)) return { status: 'Degraded', message: `Stalled: ${describeCondition(stalled) ?? 'no reason given'}` };
  const ready = findCondition(object, 'Ready') ?? findCondition(object, 'Available');
  if (ready) return fromCondition(object, ready);
  const reconciling = findCondition(object, 'Reconciling');
  if (isTrue(reconciling)) return { status: 'Progressing', message: `Reconciling: ${describeCondition(reconciling) ?? 'in progress'}` };
  return { status: 'Healthy', message: 'No condition reports a problem' };
}
