import { type ObjectRef, refKey, refOf, refString } from '../../core/model/object-ref.js';
import { readHealth } from './read-health.js';
import type { SyncContext } from './sync-context.js';

const DONE = new Set(['Healthy', 'Suspended']);

/**
 * Polls the desired objects' health until every one is Healthy (or Suspended) or the sync's time runs
 * out; reports each object whose health changes, and what is still pending.
 */
export async function waitForHealth(ctx: SyncContext, intervalMs = 250): Promise<void> {
  // The app's objects: hooks are waited on in their wave, and may be gone (HookSucceeded).
  const refs = ctx.plan.stages.flatMap((s) => s.objects.map(refOf));
  ctx.emit({ type: 'step', step: 'health', objects: refs.length });
  const deadline = Date.now() + ctx.timeoutMs;
  const seen = new Map<string, string>();
  for (;;) {
    const report = await readHealth(ctx.deps.target, refs, ctx.applyOptions.healthTable);
    for (const o of report.objects) {
      const shown = `${o.status}|${o.message ?? ''}`;
      if (seen.get(refKey(o.ref)) === shown) continue;
      seen.set(refKey(o.ref), shown);
      ctx.emit({ type: 'health', ref: o.ref, health: { status: o.status, message: o.message } });
    }
    ctx.health = report.health;
    if (DONE.has(report.health)) return;
    const pending: ObjectRef[] = report.objects.filter((o) => !DONE.has(o.status)).map((o) => o.ref);
    const left = deadline - Date.now();
    if (left <= 0) {
      ctx.healthTimedOut = true;
      const bad = report.objects.filter((o) => !DONE.has(o.status));
      const summary = bad
        .slice(0, 5)
        .map((o) => `${refString(o.ref)} ${o.status}${o.message ? `: ${o.message}` : ''}`)
        .join('; ');
      ctx.notes.push(`timed out after ${Math.round(ctx.timeoutMs / 1000)}s waiting for health: ${summary}`);
      return;
    }
    ctx.emit({ type: 'waiting', for: 'health', pending, timeLeftMs: left });
    await new Promise((r) => setTimeout(r, Math.min(intervalMs, left)));
  }
}
