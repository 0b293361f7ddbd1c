/** Readings shared by the custom resource checks: is the spec observed yet, and what a condition says. */
import type { Manifest } from '../../model/manifest.js';
import type { HealthStatus } from '../health-status.js';
import { describeCondition, findCondition, type Condition } from '../conditions.js';
import { generationOf, num, statusOf, str } from '../status-fields.js';

/** status.observedGeneration as a number (some controllers write it as a string). */
export function observedGenerationOf(object: Manifest): number | undefined {
  const value = statusOf(object).observedGeneration;
  return num(value) ?? (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined);
}

/** Progressing while status.observedGeneration is behind metadata.generation; undefined otherwise. */
export function notObserved(object: Manifest): HealthStatus | undefined {
  const observed = observedGenerationOf(object);
  const generation = generationOf(object);
  if (observed !== undefined && generation !== undefined && observed < generation) {
    return { status: 'Progressing', message: `Waiting for generation ${generation} to be observed (at ${observed})` };
  }
  return undefined;
}

/** The condition's message, else "reason", else a fallback. */
export function messageOf(c: Condition | undefined, fallback: string): string {
  return c?.message || c?.reason || fallback;
}

/**
 * A `Ready`-style condition read plainly: True Healthy, False Degraded, Unknown Progressing; no such
 * condition: Progressing with `waiting`.
 */
export function byCondition(object: Manifest, type: string, waiting: string): HealthStatus {
  const c = findCondition(object, type);
  if (c?.status === 'True') return { status: 'Healthy', message: messageOf(c, type) };
  if (c?.status === 'False') return { status: 'Degraded', message: messageOf(c, `${type}: False`) };
  if (c) return { status: 'Progressing', message: describeCondition(c) ?? waiting };
  return { status: 'Progressing', message: waiting };
}

/** status.phase as a string. */
export function phaseOf(object: Manifest): string | undefined {
  return str(statusOf(object).phase);
}
