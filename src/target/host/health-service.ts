/**
 * Health of a live host `Service` (as getLive returns it). Pure; register it for `host.tideway.dev/Service`.
 * Healthy when every replica runs the current spec and is ready; Progressing while starting or rolling;
 * Degraded when a replica is crash-looping (with its exit and backoff) or failed for good.
 */
import type { HealthStatus } from '../../core/health/health-status.js';
import type { Manifest } from '../../core/model/manifest.js';
import type { ReplicaExit, ReplicaStatus, ServiceStatus } from './live-status.js';

export function describeExit(exit: ReplicaExit | undefined): string {
  if (!exit) return 'exited';
  if (exit.error) return `failed to start (${exit.error})`;
  if (exit.signal) return `was killed by ${exit.signal}`;
  if (exit.code === null) return 'exited';
  return `exited with code ${exit.code}`;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}

function crashLoopMessage(r: ReplicaStatus): string {
  const next = r.state === 'BackOff' && r.backoffMs !== undefined ? `, restarting in ${seconds(r.backoffMs)}` : '';
  return (
    `replica ${r.index} is crash-looping: ${describeExit(r.lastExit)} ` +
    `(${r.consecutiveFailures} failures in a row${next}, ${r.restarts} restarts)`
  );
}

/** Health from a Service status alone; the supervisor uses it for `status.phase` too. */
export function serviceStatusHealth(status: ServiceStatus): HealthStatus {
  const replicas = status.replicaStatuses;
  const looping = replicas.filter((r) => r.crashLooping);
  if (looping.length > 0) return { status: 'Degraded', message: looping.map(crashLoopMessage).join('; ') };
  const failed = replicas.filter((r) => r.state === 'Failed');
  if (failed.length > 0) {
    return {
      status: 'Degraded',
      message: failed
        .map((r) => `replica ${r.index} ${describeExit(r.lastExit)} and is not restarted (restartPolicy ${status.restartPolicy})`)
        .join('; '),
    };
  }
  if (status.replicas === 0 && status.currentReplicas === 0) return { status: 'Healthy', message: 'scaled to 0 replicas' };
  const current = replicas.filter((r) => r.index < status.replicas);
  if (current.length === status.replicas && current.every((r) => r.state === 'Completed' && r.updated)) {
    return { status: 'Healthy', message: 'all replicas completed' };
  }
  const extra = status.currentReplicas - status.replicas;
  if (status.updatedReplicas < status.replicas) {
    return { status: 'Progressing', message: `rolling update: ${status.updatedReplicas}/${status.replicas} replicas updated` };
  }
  if (status.readyReplicas < status.replicas) {
    return { status: 'Progressing', message: `${status.readyReplicas}/${status.replicas} replicas ready` };
  }
  if (extra > 0) return { status: 'Progressing', message: `stopping ${extra} extra replicas` };
  return { status: 'Healthy' };
}

export function hostServiceHealth(live: Manifest | undefined): HealthStatus {
  if (!live) return { status: 'Missing' };
  const status = live.status as ServiceStatus | undefined;
  if (!status || !Array.isArray(status.replicaStatuses)) return { status: 'Unknown', message: 'no status' };
  return serviceStatusHealth(status);
}
