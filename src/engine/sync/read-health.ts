import { aggregateHealth, type HealthCode } from '../../core/health/health-status.js';
import { healthOf } from '../../core/health/health-of.js';
import { missingHealth } from '../../core/health/missing-health.js';
import type { ObjectRef } from '../../core/model/object-ref.js';
import type { Target } from '../../target/target.js';

export interface HealthReport {
  health: HealthCode;
  objects: Array<{ ref: ObjectRef; status: HealthCode; message?: string }>;
}

/** The health of each object as live now, judged by the target's own health table; missing objects are Missing. */
export async function readHealth(target: Target, refs: ObjectRef[]): Promise<HealthReport> {
  const live = await target.getLive(refs);
  const objects = refs.map((ref, i) => {
    const h = live[i] ? healthOf(live[i]!, target.healthTable) : missingHealth();
    return { ref, status: h.status, message: h.message };
  });
  return { health: aggregateHealth(objects.map((o) => o.status)), objects };
}
