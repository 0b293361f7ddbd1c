/**
 * Knative, from its documentation of the `Ready` condition every Knative resource carries (with
 * dependent conditions such as ConfigurationsReady and RoutesReady): observedGeneration behind
 * Progressing; any condition False Degraded (naming it); `Ready=True` Healthy; `Ready=Unknown` or
 * none yet Progressing.
 */
import type { Manifest } from '../../model/manifest.js';
import type { HealthCheckEntry } from '../health-check.js';
import type { HealthStatus } from '../health-status.js';
import { conditionsOf, describeCondition } from '../conditions.js';
import { notObserved } from './readiness.js';

export function knativeHealth(object: Manifest): HealthStatus {
  const stale = notObserved(object);
  if (stale) return stale;
  const conditions = conditionsOf(object);
  const failed = conditions.find((c) => c.status === 'False' && c.type === 'Ready') ?? conditions.find((c) => c.status === 'False');
  if (failed) return { status: 'Degraded', message: `${failed.type}: ${describeCondition(failed) ?? 'False'}` };
  const ready = conditions.find((c) => c.type === 'Ready');
  if (ready?.status === 'True') return { status: 'Healthy', message: `${object.kind} is ready` };
  return {
    status: 'Progressing',
    message: ready ? `Ready: ${describeCondition(ready) ?? 'Unknown'}` : `Waiting for the ${object.kind} to be reconciled`,
  };
}

const kinds: Record<string, string[]> = {
  'serving.knative.dev': ['Service', 'Configuration', 'Route', 'Revision'],
  'eventing.knative.dev': ['Broker', 'Trigger', 'EventType'],
  'sources.knative.dev': ['ApiServerSource', 'PingSource', 'SinkBinding', 'ContainerSource'],
  'messaging.knative.dev': ['Channel', 'InMemoryChannel', 'Subscription'],
};

export const knativeHealthChecks: HealthCheckEntry[] = Object.entries(kinds).flatMap(([group, list]) =>
  list.map((kind) => ({ group, kind, check: knativeHealth })),
);
