import { refKey, refOf, refString } from '../../core/model/object-ref.js';
import type { Manifest } from '../../core/model/manifest.js';
import type { PlannedWave, WavePhase } from '../../core/plan/plan-waves.js';
import type { Stage } from '../../core/plan/stages.js';
import { applyStage } from './apply-stage.js';
import { deleteHooksByPolicy } from './delete-hooks.js';
import { startHooks } from './start-hooks.js';
import { recordOutcomes, type SyncContext } from './sync-context.js';
import { waitForDefinitions } from './wait-definitions.js';
import { waitForWave } from './wait-wave.js';

/**
 * Runs the plan's waves in order (PreSync, Sync, PostSync; lower waves first): applies a wave's
 * objects stage by stage, then starts its hooks, then, unless it is the last wave and has no hooks,
 * waits until its objects are healthy and its hooks have finished, before the next wave starts. A
 * wave that fails (an apply failure, a failed hook, a timeout) stops the sync there: every later
 * object is recorded as skipped and `ctx.stageError` says why. An app with one wave and no hooks runs
 * as before waves existed: its stages, no wait. `beforeWave` runs before each wave and each stage (it
 * throws to cancel).
 */
export async function runWaves(ctx: SyncContext, beforeWave: () => Promise<void>): Promise<void> {
  const waves = ctx.plan.waves;
  const ordered = waves.length > 1 || waves.some((w) => w.hooks.length > 0);
  const dryRun = !!ctx.applyOptions.dryRun;
  for (const [index, wave] of waves.entries()) {
    await beforeWave();
    const later = waves.slice(index + 1);
    if (ordered) {
      const objects = wave.stages.reduce((n, s) => n + s.objects.length, 0);
      ctx.emit({ type: 'wave', phase: wave.phase, wave: wave.wave, objects, hooks: wave.hooks.length });
    }
    const failedBefore = countFailed(ctx);
    for (const [at, stage] of wave.stages.entries()) {
      if (at > 0) await beforeWave();
      await applyStage(ctx, stage);
      if (stage.name === 'definitions' && !dryRun) {
        await waitForDefinitions(ctx, stage, [...wave.stages.slice(at + 1), ...later.flatMap((w) => w.stages)]);
        if (ctx.stageError) return; // later objects are recorded as skipped by waitForDefinitions
      }
    }
    const hooks = wave.hooks.length > 0 ? await startHooks(ctx, wave) : [];
    const failed = countFailed(ctx) - failedBefore;
    if (failed > 0 && (later.length > 0 || wave.phase === 'PreSync')) {
      ctx.stageError = `${wave.phase} wave ${wave.wave}: ${failed} object(s) failed`;
    } else if (!dryRun && ((ordered && later.length > 0) || wave.hooks.length > 0)) {
      const applied = appliedRefs(ctx, wave.stages);
      const outcome = await waitForWave(ctx, wave, applied, hooks);
      await deleteHooksByPolicy(ctx, wave.phase, hooks, outcome.hooks);
      if (outcome.problem) ctx.stageError = outcome.problem;
    }
    if (ctx.stageError) {
      skipLater(ctx, later);
      return;
    }
  }
}

/** The SyncFail hooks, run once a sync has failed: each wave started, waited on and deleted by policy. */
export async function runSyncFailHooks(ctx: SyncContext): Promise<void> {
  for (const wave of ctx.plan.syncFail) {
    ctx.emit({ type: 'wave', phase: wave.phase, wave: wave.wave, objects: 0, hooks: wave.hooks.length });
    const hooks = await startHooks(ctx, wave);
    if (ctx.applyOptions.dryRun) continue;
    const outcome = await waitForWave(ctx, wave, [], hooks);
    await deleteHooksByPolicy(ctx, wave.phase, hooks, outcome.hooks);
    if (outcome.problem) ctx.notes.push(outcome.problem);
  }
}

const countFailed = (ctx: SyncContext) => ctx.entries.filter((e) => e.action === 'failed').length;

function appliedRefs(ctx: SyncContext, stages: Stage[]) {
  const failed = new Set(ctx.entries.filter((e) => e.action === 'failed' || e.action === 'skipped').map((e) => refKey(e.ref)));
  return stages.flatMap((s) => s.objects.map(refOf)).filter((r) => !failed.has(refKey(r)));
}

/** Later waves are not applied once a wave failed: their objects and hooks are recorded as skipped. */
function skipLater(ctx: SyncContext, later: PlannedWave[]): void {
  const why = ctx.stageError ?? 'an earlier wave failed';
  const skipped = (o: Manifest, hook?: WavePhase) => {
    const ref = refOf(o);
    return {
      ref,
      action: 'skipped' as const,
      reason: 'EarlierWaveFailed',
      message: `${refString(ref)}: not applied: ${why}`,
      ...(hook && { hook }),
    };
  };
  recordOutcomes(
    ctx,
    later.flatMap((w) => [...w.stages.flatMap((s) => s.objects.map((o) => skipped(o))), ...w.hooks.map((h) => skipped(h, w.phase))]),
  );
}
