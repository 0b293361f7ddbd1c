/**
 * Reading a free-form `status.phase` as many controllers write it (Argo Workflows, Spark, Strimzi's
 * older kinds, ...): Pending and Running are work in progress; Failed and Error are faults;
 * Succeeded (and the phases that say "ready") are done. A phase outside these words gives no verdict.
 */
import type { HealthCode } from './health-status.js';

const byPhase: Record<string, HealthCode> = {};
for (const p of [
  'pending',
  'running',
  'progressing',
  'provisioning',
  'creating',
  'initializing',
  'deploying',
  'updating',
  'starting',
  'inprogress',
  'waiting',
  'reconciling',
  'terminating',
]) {
  byPhase[p] = 'Progressing';
}
for (const p of ['failed', 'error', 'errored', 'failure', 'degraded', 'unhealthy']) byPhase[p] = 'Degraded';
for (const p of [
  'succeeded',
  'success',
  'complete',
  'completed',
  'ready',
  'healthy',
  'available',
  'active',
  'bound',
  'deployed',
  'established',
]) {
  byPhase[p] = 'Healthy';
}

/** The health a phase word means, or undefined when the word says nothing known. */
export function healthOfPhase(phase: string | undefined): HealthCode | undefined {
  if (!phase) return undefined;
  return byPhase[phase.replace(/[\s_-]/g, '').toLowerCase()];
}
