/**
 * Health of any other object, from the conventions most controllers follow (kstatus, Flux, Crossplane):
 * - spec.suspend true: Suspended (Flux sources, Kustomizations, HelmReleases);
 * - no status at all: Healthy for kinds that have none (ConfigMap, Secret, ServiceAccount, RBAC, data-only
 *   custom kinds), Progressing for a custom resource whose controller has not written one yet
 *   (status-expected.ts);
 * - status.observedGeneration behind metadata.generation: Progressing;
 * - Stalled=True, or Synced=False (Crossplane claims and composite resources; reason ReconcilePaused is
 *   Suspended): Degraded; then Ready, else Available: True Healthy, Unknown Progressing, False Progressing
 *   when the reason reads as work in progress or the condition is older than the spec, otherwise Degraded;
 * - a known status.phase (phase.ts): Running, Pending Progressing; Failed, Error Degraded; Succeeded Healthy;
 * - Reconciling=True: Progressing; otherwise Healthy.
 */
import type { Manifest } from '../model/manifest.js';
import type { HealthStatus } from './health-status.js';
import { describeCondition, findCondition, isTrue, type Condition } from './conditions.js';
import { healthOfPhase } from './phase.js';
import { noStatusHealth } from './status-expected.js';
import { generationOf, hasNoStatus, num, specOf, statusOf, str } from './status-fields.js';

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
  if (hasNoStatus(object)) return noStatusHealth(object);
  const status = statusOf(object);
  const observed = num(status.observedGeneration);
  const generation = generationOf(object);
  if (observed !== undefined && generation !== undefined && observed < generation) {
    return { status: 'Progressing', message: `Waiting for generation ${generation} to be observed (at ${observed})` };
  }
  const stalled = findCondition(object, 'Stalled');
  if (isTrue(stalled)) return { status: 'Degraded', message: `Stalled: ${describeCondition(stalled) ?? 'no reason given'}` };
  const synced = findCondition(object, 'Synced');
  if (synced?.status === 'False' && synced.reason === 'ReconcilePaused') return { status: 'Suspended', message: 'Synced: ReconcilePaused' };
  if (synced?.status === 'False') return { status: 'Degraded', message: `Synced: ${describeCondition(synced) ?? 'False'}` };
  const ready = findCondition(object, 'Ready') ?? findCondition(object, 'Available');
  if (ready) return fromCondition(object, ready);
  const phase = str(status.phase);
  const fromPhase = healthOfPhase(phase);
  if (fromPhase) return { status: fromPhase, message: str(status.message) || `Phase: ${phase}` };
  const reconciling = findCondition(object, 'Reconciling');
  if (isTrue(reconciling)) return { status: 'Progressing', message: `Reconciling: ${describeCondition(reconciling) ?? 'in progress'}` };
  return { status: 'Healthy', message: 'No condition reports a problem' };
}
