/** Reading `status.conditions` in the shape shared by core kinds and by custom resources (metav1.Condition). */
import type { Manifest } from '../model/manifest.js';
import { list, num, record, statusOf, str } from './status-fields.js';

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown' | string;
  reason?: string;
  message?: string;
  observedGeneration?: number;
}

export function conditionsOf(object: Manifest): Condition[] {
  const out: Condition[] = [];
  for (const item of list(statusOf(object).conditions)) {
    const c = record(item);
    const type = str(c?.type);
    if (!c || !type) continue;
    out.push({
      type,
      status: str(c.status) ?? 'Unknown',
      reason: str(c.reason),
      message: str(c.message),
      observedGeneration: num(c.observedGeneration),
    });
  }
  return out;
}

export function findCondition(object: Manifest, type: string): Condition | undefined {
  return conditionsOf(object).find((c) => c.type === type);
}

export function isTrue(c: Condition | undefined): boolean {
  return c?.status === 'True';
}

export function isFalse(c: Condition | undefined): boolean {
  return c?.status === 'False';
}

/** "Reason: message", or whichever of the two is present; undefined when neither is. */
export function describeCondition(c: Condition | undefined): string | undefined {
  if (!c) return undefined;
  if (c.reason && c.message) return `${c.reason}: ${c.message}`;
  return c.message || c.reason || undefined;
}
