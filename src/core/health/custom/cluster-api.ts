/**
 * Cluster API (cluster.x-k8s.io), from its documentation of phases and conditions:
 * - Cluster: spec.paused Suspended; a `Ready` condition False with severity Error or Warning
 *   Degraded; phase Provisioned Healthy, Failed Degraded; otherwise Progressing.
 * - Machine: phase Running Healthy; Failed Degraded; otherwise (Pending, Provisioning,
 *   Provisioned, Deleting) Progressing, with the Ready condition's message.
 * - MachineDeployment (and MachineSet, MachinePool): spec.paused Suspended; phase Running
 *   Healthy; ScalingUp, ScalingDown Progressing; Failed Degraded; otherwise Progressing.
 */
import type { Manifest } from '../../model/manifest.js';
import type { HealthCheckEntry } from '../health-check.js';
import type { HealthStatus } from '../health-status.js';
import { findCondition } from '../conditions.js';
import { list, record, specOf, statusOf, str } from '../status-fields.js';
import { phaseOf } from './readiness.js';

const GROUP = 'cluster.x-k8s.io';

function readyProblem(object: Manifest): string | undefined {
  for (const item of list(statusOf(object).conditions)) {
    const c = record(item);
    if (c?.type === 'Ready' && c.status === 'False' && (c.severity === 'Error' || c.severity === 'Warning')) {
      return str(c.message) || str(c.reason) || 'Ready is False';
    }
  }
  return undefined;
}

export function clusterHealth(object: Manifest): HealthStatus {
  if (specOf(object).paused === true) return { status: 'Suspended', message: 'Cluster is paused' };
  const problem = readyProblem(object);
  if (problem) return { status: 'Degraded', message: problem };
  const phase = phaseOf(object);
  if (phase === 'Provisioned') return { status: 'Healthy', message: 'Cluster is provisioned' };
  if (phase === 'Failed') return { status: 'Degraded', message: str(statusOf(object).failureMessage) || 'Cluster failed' };
  return { status: 'Progressing', message: phase ? `Cluster is ${phase}` : 'Waiting for the cluster to be provisioned' };
}

export function machineHealth(object: Manifest): HealthStatus {
  const phase = phaseOf(object);
  if (phase === 'Running') return { status: 'Healthy', message: 'Machine is running' };
  const ready = findCondition(object, 'Ready');
  const detail = ready?.status === 'False' ? ready.message || ready.reason : undefined;
  if (phase === 'Failed') return { status: 'Degraded', message: str(statusOf(object).failureMessage) || detail || 'Machine failed' };
  return { status: 'Progressing', message: detail || (phase ? `Machine is ${phase}` : 'Waiting for the machine') };
}

export function machineDeploymentHealth(object: Manifest): HealthStatus {
  if (specOf(object).paused === true) return { status: 'Suspended', message: `${object.kind} is paused` };
  const phase = phaseOf(object);
  if (phase === 'Running') return { status: 'Healthy', message: 'Machines are running' };
  if (phase === 'ScalingUp') return { status: 'Progressing', message: 'Creating machines' };
  if (phase === 'ScalingDown') return { status: 'Progressing', message: 'Deleting machines' };
  if (phase === 'Failed') return { status: 'Degraded', message: `${object.kind} failed` };
  return { status: 'Progressing', message: 'Waiting for machines' };
}

export const clusterApiHealthChecks: HealthCheckEntry[] = [
  { group: GROUP, kind: 'Cluster', check: clusterHealth },
  { group: GROUP, kind: 'Machine', check: machineHealth },
  { group: GROUP, kind: 'MachineDeployment', check: machineDeploymentHealth },
  { group: GROUP, kind: 'MachineSet', check: machineDeploymentHealth },
  { group: GROUP, kind: 'MachinePool', check: machineDeploymentHealth },
];
