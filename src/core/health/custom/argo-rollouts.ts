/**
 * Argo Rollouts (argoproj.io), from its documentation of a Rollout's status:
 * - Rollout: spec not observed yet (no status; status.observedGeneration, which older controllers
 *   write as a string, behind metadata.generation; or the workload generation annotation of a workloadRef
 *   rollout not yet observed) Progressing. The controller's own verdict in `status.phase` (Healthy,
 *   Progressing, Degraded; Paused is Suspended) wins when present. Else, as it computes that verdict:
 *   InvalidSpec condition, or Progressing with reason RolloutAborted or ProgressDeadlineExceeded
 *   Degraded; paused (pause conditions or spec.paused) Suspended; no currentPodHash Progressing;
 *   updated or available replicas short of the desired count Progressing; blue-green: the active
 *   service not yet on the current pods, or the stable ReplicaSet not yet the current one
 *   Progressing; canary: old replicas left or steps unfinished (stable ≠ current) Progressing;
 *   otherwise Healthy.
 * - AnalysisRun: phase Pending or Running Progressing; Successful Healthy; Failed and Error
 *   Degraded; Inconclusive Unknown (a person must judge); no phase yet Progressing.
 */
import type { Manifest } from '../../model/manifest.js';
import type { HealthCheckEntry } from '../health-check.js';
import type { HealthCode, HealthStatus } from '../health-status.js';
import { conditionsOf } from '../conditions.js';
import { annotationOf, generationOf, hasNoStatus, list, num, record, specOf, statusOf, str } from '../status-fields.js';
import { messageOf, observedGenerationOf } from './readiness.js';

const GROUP = 'argoproj.io';

function specNotObserved(object: Manifest): boolean {
  if (hasNoStatus(object)) return true;
  const observed = observedGenerationOf(object); // a v0.9 controller wrote a hash here: no generation to compare
  const generation = generationOf(object);
  if (observed !== undefined && generation !== undefined && observed < generation) return true;
  if (!record(specOf(object).workloadRef)) return false;
  const workload = annotationOf(object, 'rollout.argoproj.io/workload-generation');
  return workload !== undefined && workload !== String(statusOf(object).workloadObservedGeneration ?? '');
}

const byPhase: Record<string, HealthCode> = { Healthy: 'Healthy', Progressing: 'Progressing', Degraded: 'Degraded', Paused: 'Suspended' };

export function rolloutHealth(object: Manifest): HealthStatus {
  const spec = specOf(object);
  const status = statusOf(object);
  if (specNotObserved(object)) return { status: 'Progressing', message: 'Waiting for rollout spec update to be observed' };
  const phase = str(status.phase);
  if (phase && byPhase[phase]) return { status: byPhase[phase], message: str(status.message) || `Rollout is ${phase}` };
  for (const c of conditionsOf(object)) {
    if (
      c.type === 'InvalidSpec' ||
      (c.type === 'Progressing' && (c.reason === 'RolloutAborted' || c.reason === 'ProgressDeadlineExceeded'))
    ) {
      return { status: 'Degraded', message: messageOf(c, c.reason ?? c.type) };
    }
  }
  if (list(status.pauseConditions).length > 0 || spec.paused === true) return { status: 'Suspended', message: 'Rollout is paused' };
  const current = str(status.currentPodHash);
  if (!current) return { status: 'Progressing', message: 'Waiting for rollout to finish: status has not been reconciled.' };
  const desired = num(spec.replicas) ?? 1;
  const replicas = num(status.replicas) ?? 0;
  const updated = num(status.updatedReplicas) ?? 0;
  const available = num(status.availableReplicas) ?? 0;
  if (updated < desired) return { status: 'Progressing', message: 'Waiting for roll out to finish: More replicas need to be updated' };
  if (available < updated) {
    return { status: 'Progressing', message: 'Waiting for roll out to finish: updated replicas are still becoming available' };
  }
  const stable = str(status.stableRS) ?? str(record(status.canary)?.stableRS) ?? '';
  const strategy = record(spec.strategy) ?? {};
  if (record(strategy.blueGreen)) {
    if (str(record(status.blueGreen)?.activeSelector) !== current)
      return { status: 'Progressing', message: 'active service cutover pending' };
    if (stable !== '' && stable !== current) return { status: 'Progressing', message: 'waiting for analysis to complete' };
  } else if (record(strategy.canary)) {
    if (replicas > updated)
      return { status: 'Progressing', message: 'Waiting for roll out to finish: old replicas are pending termination' };
    if (stable === '' || stable !== current) return { status: 'Progressing', message: 'Waiting for rollout to finish steps' };
  }
  return { status: 'Healthy', message: `${available} of ${desired} replicas available at ${current}` };
}

const analysisPhases: Record<string, [HealthCode, string]> = {
  Pending: ['Progressing', 'Analysis run is running'],
  Running: ['Progressing', 'Analysis run is running'],
  Successful: ['Healthy', 'Analysis run completed successfully'],
  Failed: ['Degraded', 'Analysis run failed'],
  Error: ['Degraded', 'Analysis run had an error'],
  Inconclusive: ['Unknown', 'Analysis run was inconclusive'],
};

export function analysisRunHealth(object: Manifest): HealthStatus {
  const status = statusOf(object);
  const known = analysisPhases[str(status.phase) ?? ''];
  if (!known) return { status: 'Progressing', message: 'Waiting for analysis run to finish: status has not been reconciled.' };
  const [code, fallback] = known;
  return { status: code, message: code === 'Progressing' ? fallback : str(status.message) || fallback };
}

export const argoRolloutsHealthChecks: HealthCheckEntry[] = [
  { group: GROUP, kind: 'Rollout', check: rolloutHealth },
  { group: GROUP, kind: 'AnalysisRun', check: analysisRunHealth },
];
