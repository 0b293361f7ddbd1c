import { aggregateHealth, type HealthCode } from '../core/health/health-status.js';
import { healthOf, missingHealth } from '../core/health/index.js';
import { refString, type ObjectRef } from '../core/model/object-ref.js';
import type { Target } from '../target/target.js';

export interface HealthReport {
  health: HealthCode;
  objects: Array<{ ref: ObjectRef; status: HealthCode; message?: string }>;
}

export async function readHealth(target: Target, refs: ObjectRef[]): Promise<HealthReport> {
  const live = await target.getLive(refs);
  const objects = refs.map((ref, i) => {
    const h = live[i] ? healthOf(live[i]!) : missingHealth();
    return { ref, status: h.status, message: h.message };
  });
  return { health: aggregateHealth(objects.map((o) => o.status)), objects };
}

/** Polls until every object is Healthy (or Suspended), or the timeout passes; returns the last report. */
export async function waitHealthy(
  target: Target,
  refs: ObjectRef[],
  timeoutMs: number,
  intervalMs = 250,
): Promise<HealthReport & { timedOut: boolean; summary: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const report = await readHealth(target, refs);
    if (report.health === 'Healthy' || report.health === 'Suspended') return { ...report, timedOut: false, summary: '' };
    if (Date.now() >= deadline) {
      const bad = report.objects.filter((o) => o.status !== 'Healthy' && o.status !== 'Suspended');
      const summary = bad
        .slice(0, 5)
        .map((o) => `${refString(o.ref)} ${o.status}${o.message ? `: ${o.message}` : ''}`)
        .join('; ');
      return { ...report, timedOut: true, summary };
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
