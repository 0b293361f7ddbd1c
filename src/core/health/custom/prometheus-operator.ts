/**
 * Prometheus Operator (monitoring.coreos.com), from its documentation of the workload resources'
 * conditions (Prometheus, PrometheusAgent, Alertmanager, ThanosRuler): spec.paused Suspended;
 * `Reconciled=False` Degraded; `Available=True` Healthy; `Available=Degraded` with reason
 * SomePodsNotReady, or Unknown, Progressing; `Available` False or Degraded otherwise Degraded;
 * none yet Progressing. Its other kinds (ServiceMonitor, PrometheusRule, ...) are plain data.
 */
import type { Manifest } from '../../model/manifest.js';
import type { HealthCheckEntry } from '../health-check.js';
import type { HealthStatus } from '../health-status.js';
import { findCondition } from '../conditions.js';
import { specOf } from '../status-fields.js';
import { messageOf, notObserved } from './readiness.js';

export function prometheusHealth(object: Manifest): HealthStatus {
  if (specOf(object).paused === true) return { status: 'Suspended', message: `${object.kind} is paused` };
  const stale = notObserved(object);
  if (stale) return stale;
  const reconciled = findCondition(object, 'Reconciled');
  if (reconciled?.status === 'False') return { status: 'Degraded', message: messageOf(reconciled, 'Not reconciled') };
  const available = findCondition(object, 'Available');
  if (!available) return { status: 'Progressing', message: 'Waiting for initialization' };
  if (available.status === 'True') return { status: 'Healthy', message: 'All instances are available' };
  if (available.status === 'Unknown' || available.reason === 'SomePodsNotReady') {
    return { status: 'Progressing', message: messageOf(available, 'Some pods are not ready') };
  }
  return { status: 'Degraded', message: messageOf(available, 'Not available') };
}

export const prometheusOperatorHealthChecks: HealthCheckEntry[] = ['Prometheus', 'PrometheusAgent', 'Alertmanager', 'ThanosRuler'].map(
  (kind) => ({ group: 'monitoring.coreos.com', kind, check: prometheusHealth }),
);
