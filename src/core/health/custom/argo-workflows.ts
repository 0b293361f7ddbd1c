/**
 * Argo Workflows (argoproj.io), from its documentation of workflow phases and CronWorkflow
 * conditions:
 * - Workflow: spec.suspend Suspended; phase Pending or Running Progressing; Succeeded Healthy;
 *   Failed or Error Degraded (with the workflow's message); no phase yet Progressing.
 * - CronWorkflow: spec.suspend Suspended; `SpecError` or `SubmissionError` True Degraded;
 *   otherwise Healthy (a schedule is healthy between runs; its workflows are judged on their own).
 */
import type { Manifest } from '../../model/manifest.js';
import type { HealthCheckEntry } from '../health-check.js';
import type { HealthCode, HealthStatus } from '../health-status.js';
import { findCondition, isTrue } from '../conditions.js';
import { specOf, statusOf, str } from '../status-fields.js';
import { messageOf } from './readiness.js';

const byPhase: Record<string, HealthCode> = {
  Pending: 'Progressing',
  Running: 'Progressing',
  Succeeded: 'Healthy',
  Failed: 'Degraded',
  Error: 'Degraded',
};

export function workflowHealth(object: Manifest): HealthStatus {
  if (specOf(object).suspend === true) return { status: 'Suspended', message: 'Workflow is suspended' };
  const status = statusOf(object);
  const phase = str(status.phase);
  const code = phase ? byPhase[phase] : undefined;
  if (!code) return { status: 'Progressing', message: phase ? `Workflow is ${phase}` : 'Waiting for the workflow controller' };
  return { status: code, message: str(status.message) || `Workflow ${phase?.toLowerCase()}` };
}

export function cronWorkflowHealth(object: Manifest): HealthStatus {
  if (specOf(object).suspend === true) return { status: 'Suspended', message: 'CronWorkflow is suspended' };
  for (const type of ['SpecError', 'SubmissionError']) {
    const c = findCondition(object, type);
    if (isTrue(c)) return { status: 'Degraded', message: messageOf(c, type) };
  }
  return { status: 'Healthy', message: 'CronWorkflow is scheduled' };
}

export const argoWorkflowsHealthChecks: HealthCheckEntry[] = [
  { group: 'argoproj.io', kind: 'Workflow', check: workflowHealth },
  { group: 'argoproj.io', kind: 'CronWorkflow', check: cronWorkflowHealth },
];
