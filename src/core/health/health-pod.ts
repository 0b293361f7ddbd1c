/**
 * Pod health. For long-running pods (restartPolicy Always, the default), a container waiting on an error
 * (CrashLoopBackOff, ImagePullBackOff, ErrImagePull, CreateContainerConfigError, ...) is Degraded, and a
 * running pod is Healthy once Ready. Pods that run to completion (OnFailure, Never) are Progressing while
 * running, so a hook pod is not failed early on a retryable pull error. Succeeded is Healthy, Failed Degraded.
 */
import type { Manifest } from '../model/manifest.js';
import type { HealthStatus } from './health-status.js';
import { findCondition, isTrue } from './conditions.js';
import { list, num, record, specOf, statusOf, str, type Fields } from './status-fields.js';

interface ContainerState {
  name: string;
  waiting?: Fields;
  terminated?: Fields;
  lastTerminated?: Fields;
}

function containerStates(value: unknown): ContainerState[] {
  return list(value).flatMap((item) => {
    const c = record(item);
    if (!c) return [];
    const state = record(c.state);
    return [
      {
        name: str(c.name) ?? '?',
        waiting: record(state?.waiting),
        terminated: record(state?.terminated),
        lastTerminated: record(record(c.lastState)?.terminated),
      },
    ];
  });
}

/** Waiting reasons that mean the kubelet hit an error rather than normal startup (ContainerCreating, PodInitializing). */
export function isErrorWaitingReason(reason: string): boolean {
  return reason.startsWith('Err') || reason.endsWith('Error') || reason.endsWith('BackOff') || reason === 'InvalidImageName';
}

function failureOf(c: ContainerState): string | undefined {
  const t = c.terminated;
  if (!t) return undefined;
  const message = str(t.message);
  if (message) return `container ${c.name}: ${message}`;
  const reason = str(t.reason);
  const code = num(t.exitCode);
  if (reason === 'OOMKilled') return `container ${c.name} was OOMKilled`;
  if (code !== undefined && code !== 0) return `container ${c.name} exited with code ${code}${reason ? ` (${reason})` : ''}`;
  return undefined;
}

export function podHealth(object: Manifest): HealthStatus {
  const status = statusOf(object);
  const restartPolicy = str(specOf(object).restartPolicy) ?? 'Always';
  const init = containerStates(status.initContainerStatuses);
  const main = containerStates(status.containerStatuses);
  const podMessage = str(status.message);

  if (restartPolicy === 'Always') {
    const errors = [...init, ...main].flatMap((c) => {
      const reason = str(c.waiting?.reason);
      if (!reason || !isErrorWaitingReason(reason)) return [];
      const detail = str(c.waiting?.message);
      return [`container ${c.name} is waiting: ${reason}${detail ? ` (${detail})` : ''}`];
    });
    if (errors.length > 0) return { status: 'Degraded', message: errors.join('; ') };
  }

  switch (str(status.phase)) {
    case 'Pending': {
      const waiting = [...init, ...main].map((c) => str(c.waiting?.reason)).find(Boolean);
      return { status: 'Progressing', message: podMessage ?? (waiting ? `Pending: ${waiting}` : 'Pending') };
    }
    case 'Succeeded':
      return { status: 'Healthy', message: podMessage ?? 'Pod completed successfully' };
    case 'Failed': {
      const reason = podMessage ?? [...init, ...main].map(failureOf).find(Boolean);
      return { status: 'Degraded', message: reason ?? 'Pod failed' };
    }
    case 'Running': {
      if (restartPolicy !== 'Always') return { status: 'Progressing', message: podMessage ?? 'Pod is running to completion' };
      if (isTrue(findCondition(object, 'Ready'))) return { status: 'Healthy', message: podMessage ?? 'Pod is running and ready' };
      const restarted = main.find((c) => c.lastTerminated);
      if (restarted) {
        const reason = str(restarted.lastTerminated?.reason) ?? 'terminated';
        return { status: 'Degraded', message: podMessage ?? `container ${restarted.name} restarted after ${reason} and is not ready` };
      }
      return { status: 'Progressing', message: podMessage ?? 'Pod is running but not ready' };
    }
    case undefined:
      return { status: 'Progressing', message: 'Waiting for the pod to be scheduled' };
    default:
      return { status: 'Unknown', message: podMessage ?? `Pod phase is ${str(status.phase)}` };
  }
}
