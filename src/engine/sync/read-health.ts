import { aggregateHealth, type HealthCode } from '../../core/health/health-status.js';
import { healthOf, type HealthTable } from '../../core/health/health-of.js';
import { missingHealth } from '../../core/health/missing-health.js';
import type { ObjectRef } from '../../core/model/object-ref.js';
import type { Target } from '../../target/target.js';

export interface HealthReport {
  health: HealthCode;
  objects: Array<{ ref: ObjectRef; status: HealthCode; message?: string }>;
}

/** The health of each object as live now, judged by `table` (the app's: engine/app-health-table.ts; default the target's); missing objects are Missing. */
export async function readHealth(target: Target, refs: ObjectRef[], table: HealthTable = target.healthTable): Promise<HealthReport> {
  const live = await target.getLive(refs);
  const objects = refs.map((ref, i) => {
    const h = live[i] ? healthOf(live[i]!, table) : missingHealth();
    return { ref, status: h.status, message: h.message };
  });
  return { health: aggregateHealth(objects.map((o) => o.status)), objects };
}
