/**
 * StatefulSet health: the spec must be observed and every replica ready. With OnDelete, pods change only
 * when deleted, so ready replicas suffice. With a partition, only ordinals at or above it must be updated.
 * Otherwise the rolling update is done when currentRevision has caught up with updateRevision.
 */
import type { Manifest } from '../model/manifest.js';
import type { HealthStatus } from './health-status.js';
import { desiredReplicas, num, record, specNotObserved, specOf, statusOf, str } from './status-fields.js';

export function statefulSetHealth(object: Manifest): HealthStatus {
  if (specNotObserved(object)) {
    return { status: 'Progressing', message: 'Waiting for the statefulset spec update to be observed' };
  }
  const status = statusOf(object);
  const desired = desiredReplicas(object);
  const ready = num(status.readyReplicas) ?? 0;
  if (ready < desired) {
    return { status: 'Progressing', message: `${ready} of ${desired} pods ready` };
  }
  const strategy = record(specOf(object).updateStrategy) ?? {};
  const updated = num(status.updatedReplicas) ?? 0;
  const currentRevision = str(status.currentRevision);
  const updateRevision = str(status.updateRevision);
  if (strategy.type === 'OnDelete') {
    const stale = currentRevision && updateRevision && currentRevision !== updateRevision;
    return {
      status: 'Healthy',
      message: stale
        ? `${ready} pods ready; OnDelete strategy: pods move to revision ${updateRevision} when deleted`
        : `${ready} pods ready`,
    };
  }
  const partition = num(record(strategy.rollingUpdate)?.partition) ?? 0;
  if (partition > 0) {
    const expected = Math.max(desired - partition, 0);
    if (updated < expected) {
      return { status: 'Progressing', message: `Partitioned rollout: ${updated} of ${expected} pods updated` };
    }
    return { status: 'Healthy', message: `Partitioned rollout complete: ${updated} pods updated, ${partition} held back` };
  }
  if (updateRevision && currentRevision !== updateRevision) {
    return {
      status: 'Progressing',
      message: `Rolling update: ${updated} of ${desired} pods at revision ${updateRevision}`,
    };
  }
  return { status: 'Healthy', message: `${ready} pods ready at revision ${currentRevision ?? 'unknown'}` };
}
