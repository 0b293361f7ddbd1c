/**
 * The host kinds' health checks, to add to a core health table:
 * `healthOf(live, withHealthChecks(builtinHealthChecks, hostHealthChecks))`. Pure.
 */
import type { HealthCheckEntry } from '../../core/health/health-of.js';
import { fileHealth } from './health-file.js';
import { hostServiceHealth } from './health-service.js';
import { HOST_GROUP } from './host-kinds.js';

export const hostHealthChecks: readonly HealthCheckEntry[] = [
  { group: HOST_GROUP, kind: 'File', check: fileHealth },
  { group: HOST_GROUP, kind: 'Service', check: hostServiceHealth },
];
