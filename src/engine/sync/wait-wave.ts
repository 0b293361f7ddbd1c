import type { Manifest } from '../../core/model/manifest.js';
import { type ObjectRef, refKey, refOf, refString } from '../../core/model/object-ref.js';
import type { PlannedWave } from '../../core/plan/plan-waves.js';
import type { HookRunStatus } from '../../core/sync/sync-event.js';
import { hookRunStatus, reportHook } from './hook-status.js';
import { readHealth } from './read-health.js';
import type { SyncContext } from './sync-context.js';

const DONE = new Set(['Healthy', 'Suspended']);

export interface WaveOutcome {
  /** How each started hook's run ended (Running when the wait timed out), by refKey. */
  hooks: Map<string, HookRunStatus>;
  /** Why the wave did not complete: a hook failed, or the wait timed out. */
  problem?: string;
}

/**
 * Waits until the objects the wave applied are Healthy (or Suspended) and its hooks have finished,
 * as the target's health table judges them (a Job is Healthy once Complete, Degraded once Failed).
 * A failed hook ends the wait at once. Reports health changes and each hook's end as events.
 */
export async function waitForWave(
  ctx: SyncContext,
  wave: PlannedWave,
  objects: ObjectRef[],
  hooks: Manifest[],
  intervalMs = 250,
): Promise<WaveOutcome> {
  const hookRefs = hooks.map(refOf);
  const refs = [...objects, ...hookRefs];
  const outcome: WaveOutcome = { hooks: new Map(hookRefs.map((r) => [refKey(r), 'Running' as HookRunStatus])) };
  if (refs.length === 0) return outcome;
  const deadline = Date.now() + ctx.timeoutMs;
  const seen = new Map<string, string>();
  for (;;) {
    const report = await readHealth(ctx.deps.target, refs, ctx.applyOptions.healthTable);
    const objectReports = report.objects.slice(0, objects.length);
    for (const o of objectReports) {
      const shown = `${o.status}|${o.message ?? ''}`;
      if (seen.get(refKey(o.ref)) === shown) continue;
      seen.set(refKey(o.ref), shown);
      ctx.emit({ type: 'health', ref: o.ref, health: { status: o.status, message: o.message } });
      // The outcome shows the health the wave was left with (the summary's health comes from it).
      const at = ctx.entries.findIndex((e) => !e.hook && refKey(e.ref) === refKey(o.ref));
      if (at >= 0) ctx.entries[at] = { ...ctx.entries[at], health: { status: o.status, message: o.message } };
    }
    for (const h of report.objects.slice(objects.length)) {
      const key = refKey(h.ref);
      const status = hookRunStatus(h.status);
      if (outcome.hooks.get(key) !== 'Running' || status === 'Running') continue;
      outcome.hooks.set(key, status);
      reportHook(ctx, wave.phase, h.ref, status, h.message);
    }
    const failedHook = report.objects.slice(objects.length).find((h) => outcome.hooks.get(refKey(h.ref)) === 'Failed');
    if (failedHook) {
      outcome.problem = `${wave.phase} hook ${refString(failedHook.ref)} failed${failedHook.message ? `: ${failedHook.message}` : ''}`;
      return outcome;
    }
    const pending = [
      ...objectReports.filter((o) => !DONE.has(o.status)),
      ...report.objects.slice(objects.length).filter((h) => outcome.hooks.get(refKey(h.ref)) === 'Running'),
    ];
    if (pending.length === 0) return outcome;
    const left = deadline - Date.now();
    if (left <= 0) {
      ctx.healthTimedOut = true;
      const summary = pending
        .slice(0, 5)
        .map((o) => `${refString(o.ref)} ${o.status}${o.message ? `: ${o.message}` : ''}`)
        .join('; ');
      outcome.problem = `${wave.phase} wave ${wave.wave}: timed out after ${Math.round(ctx.timeoutMs / 1000)}s waiting for ${summary}`;
      return outcome;
    }
    ctx.emit({ type: 'waiting', for: 'wave', pending: pending.map((o) => o.ref), timeLeftMs: left });
    await new Promise((r) => setTimeout(r, Math.min(intervalMs, left)));
  }
}
