/**
 * HorizontalPodAutoscaler health, as Argo CD's gitops-engine judges it. The conditions come from
 * `status.conditions` (autoscaling/v2, v2beta1, v2beta2) or, for autoscaling/v1, from the JSON in the
 * `autoscaling.alpha.kubernetes.io/conditions` annotation. Conditions are read in order and the first
 * that decides wins:
 * - AbleToScale with reason FailedGetScale or FailedUpdateScale, or ScalingActive with reason
 *   FailedGetResourceMetric or InvalidSelector: Degraded;
 * - AbleToScale=True or ScalingLimited=True: Healthy;
 * - none decides (no conditions yet): Progressing, "Waiting to Autoscale".
 */
import type { Manifest } from '../model/manifest.js';
import type { HealthStatus } from './health-status.js';
import { conditionsOf, type Condition } from './conditions.js';
import { annotationOf, list, record, str } from './status-fields.js';

const V1_CONDITIONS = 'autoscaling.alpha.kubernetes.io/conditions';

const degradedReasons: Record<string, readonly string[]> = {
  AbleToScale: ['FailedGetScale', 'FailedUpdateScale'],
  ScalingActive: ['FailedGetResourceMetric', 'InvalidSelector'],
};

function v1Conditions(object: Manifest): Condition[] | string {
  const annotation = annotationOf(object, V1_CONDITIONS);
  if (annotation === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(annotation);
  } catch {
    return `metadata.annotations["${V1_CONDITIONS}"] is not valid JSON`;
  }
  const out: Condition[] = [];
  for (const item of list(parsed)) {
    const c = record(item);
    const type = str(c?.type);
    if (c && type) out.push({ type, status: str(c.status) ?? 'Unknown', reason: str(c.reason), message: str(c.message) });
  }
  return out;
}

export function hpaHealth(object: Manifest): HealthStatus {
  const fromStatus = conditionsOf(object);
  const conditions = fromStatus.length > 0 ? fromStatus : v1Conditions(object);
  if (typeof conditions === 'string') return { status: 'Unknown', message: conditions };
  for (const c of conditions) {
    if (c.reason && degradedReasons[c.type]?.includes(c.reason)) {
      return { status: 'Degraded', message: c.message ?? `${c.type}: ${c.reason}` };
    }
    if ((c.type === 'AbleToScale' || c.type === 'ScalingLimited') && c.status === 'True') {
      return { status: 'Healthy', message: c.message ?? `${c.type}: ${c.reason ?? 'True'}` };
    }
  }
  return { status: 'Progressing', message: 'Waiting to Autoscale' };
}
