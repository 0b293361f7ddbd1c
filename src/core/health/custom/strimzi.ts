/**
 * Strimzi (kafka.strimzi.io), from its documentation of the conditions its operators write:
 * observedGeneration behind Progressing; `ReconciliationPaused=True`, or a connector whose
 * spec.state is paused or stopped, Suspended; `NotReady=True` Degraded, except with reason Creating
 * (Progressing); `Ready=True` Healthy (warnings, as `Warning` conditions, are named in the message);
 * `Ready=False` Degraded; no verdict yet Progressing.
 */
import type { Manifest } from '../../model/manifest.js';
import type { HealthCheckEntry } from '../health-check.js';
import type { HealthStatus } from '../health-status.js';
import { conditionsOf, findCondition, isTrue } from '../conditions.js';
import { specOf } from '../status-fields.js';
import { messageOf, notObserved } from './readiness.js';

export function strimziHealth(object: Manifest): HealthStatus {
  const stale = notObserved(object);
  if (stale) return stale;
  const paused = findCondition(object, 'ReconciliationPaused');
  if (isTrue(paused)) return { status: 'Suspended', message: messageOf(paused, 'Reconciliation is paused') };
  const state = specOf(object).state;
  if (state === 'paused' || state === 'stopped') return { status: 'Suspended', message: `${object.kind} is ${state}` };
  const notReady = findCondition(object, 'NotReady');
  if (isTrue(notReady)) {
    return { status: notReady?.reason === 'Creating' ? 'Progressing' : 'Degraded', message: messageOf(notReady, 'NotReady') };
  }
  const ready = findCondition(object, 'Ready');
  if (isTrue(ready)) {
    const warnings = conditionsOf(object).filter((c) => c.type === 'Warning' && c.status === 'True');
    const detail = warnings.map((w) => w.message || w.reason).filter(Boolean);
    return { status: 'Healthy', message: detail.length ? `Ready, with warnings: ${detail.join('; ')}` : `${object.kind} is ready` };
  }
  if (ready?.status === 'False') return { status: 'Degraded', message: messageOf(ready, 'Ready is False') };
  return { status: 'Progressing', message: `Waiting for the Strimzi operator to reconcile the ${object.kind}` };
}

export const strimziHealthChecks: HealthCheckEntry[] = [
  'Kafka',
  'KafkaTopic',
  'KafkaUser',
  'KafkaConnect',
  'KafkaConnector',
  'KafkaBridge',
  'KafkaMirrorMaker2',
  'KafkaRebalance',
].map((kind) => ({ group: 'kafka.strimzi.io', kind, check: strimziHealth }));
