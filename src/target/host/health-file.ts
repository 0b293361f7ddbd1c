/**
 * Health of a live host `File` (as getLive returns it). Pure; register it for `host.tideway.dev/File`.
 * Healthy while the file Tideway wrote is there (edited content is a sync difference, not ill health);
 * Missing when deleted; Degraded when something else took its place.
 */
import type { HealthStatus } from '../../core/health/health-status.js';
import type { Manifest } from '../../core/model/manifest.js';
import type { FileStatus } from './live-status.js';

export function fileHealth(live: Manifest | undefined): HealthStatus {
  if (!live) return { status: 'Missing' };
  const status = live.status as FileStatus | undefined;
  if (!status) return { status: 'Unknown', message: 'no status' };
  if (!status.exists) return { status: 'Missing', message: `${status.path} was deleted` };
  if (!status.regular) return { status: 'Degraded', message: `${status.path} is no longer a regular file` };
  if (!status.inSync) return { status: 'Healthy', message: `${status.path} was changed outside Tideway` };
  return { status: 'Healthy' };
}
