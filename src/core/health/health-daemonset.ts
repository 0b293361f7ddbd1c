/**
 * DaemonSet health: the spec must be observed, every scheduled pod updated (unless the strategy is
 * OnDelete, where pods change only when deleted) and available.
 */
import type { Manifest } from '../model/manifest.js';
import type { HealthStatus } from './health-status.js';
import { num, record, specNotObserved, specOf, statusOf } from './status-fields.js';

export function daemonSetHealth(object: Manifest): HealthStatus {
  if (specNotObserved(object)) {
    return { status: 'Progressing', message: 'Waiting for the daemonset spec update to be observed' };
  }
  const status = statusOf(object);
  const desired = num(status.desiredNumberScheduled) ?? 0;
  const updated = num(status.updatedNumberScheduled) ?? 0;
  const available = num(status.numberAvailable) ?? 0;
  const onDelete = record(specOf(object).updateStrategy)?.type === 'OnDelete';
  if (!onDelete && updated < desired) {
    return { status: 'Progressing', message: `${updated} of ${desired} pods updated` };
  }
  if (available < desired) {
    return { status: 'Progressing', message: `${available} of ${desired} pods available` };
  }
  const note = onDelete && updated < desired ? `; OnDelete strategy: ${desired - updated} pods update when deleted` : '';
  return { status: 'Healthy', message: `${available} of ${desired} pods available${note}` };
}
