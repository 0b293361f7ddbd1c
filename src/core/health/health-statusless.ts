/**
 * For a kind known to have no status (a CRD without a status subresource, a data-only kind a user
 * names): no status is Healthy, not "waiting"; a status, if one appears, is read as usual.
 */
import type { Manifest } from '../model/manifest.js';
import type { HealthStatus } from './health-status.js';
import { genericHealth } from './health-generic.js';
import { hasNoStatus } from './status-fields.js';

export function statuslessHealth(object: Manifest): HealthStatus {
  if (hasNoStatus(object)) return { status: 'Healthy', message: 'No status to assess' };
  return genericHealth(object);
}
