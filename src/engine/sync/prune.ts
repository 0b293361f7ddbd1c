import { refKey } from '../../core/model/object-ref.js';
import { pruneWaves } from '../../core/plan/prune-order.js';
import { WAVE_ANNOTATIONS } from '../../core/plan/sync-wave.js';
import { recordOutcomes, type SyncContext } from './sync-context.js';

/**
 * Deletes what left Git, wave by wave (dependants first, definitions last: plan.pruneWaves). An
 * incomplete sync prunes nothing, nor does one where an apply failed (the API server may be
 * struggling, or the new state is wrong): those objects stay in the inventory for the next sync.
 */
export async function pruneGone(ctx: SyncContext): Promise<void> {
  if (ctx.plan.prune.length === 0 || ctx.stageError) return;
  const failed = ctx.entries.filter((e) => e.action === 'failed').length;
  if (failed > 0) {
    ctx.notes.push(`${ctx.plan.prune.length} object(s) not pruned: ${failed} apply failure(s) in this sync`);
    return;
  }
  ctx.emit({ type: 'step', step: 'prune', objects: ctx.plan.prune.length });
  const propagationPolicy = ctx.app.syncPolicy.options.prunePropagationPolicy;
  for (const wave of await pruneOrder(ctx)) {
    recordOutcomes(ctx, await ctx.deps.target.prune(ctx.id, wave, { dryRun: ctx.applyOptions.dryRun, propagationPolicy }));
  }
}

/**
 * The plan's prune order, in reverse sync waves when an object to prune carries one: what left Git
 * is read live for its wave (an unreadable wave counts as 0, as Argo CD counts it).
 */
async function pruneOrder(ctx: SyncContext) {
  const live = await ctx.deps.target.getLive(ctx.plan.prune);
  const waves = new Map<string, number>();
  ctx.plan.prune.forEach((ref, i) => {
    const annotations = live[i]?.metadata.annotations ?? {};
    const value = WAVE_ANNOTATIONS.map((k) => annotations[k]).find((v) => v !== undefined);
    const wave = value === undefined ? 0 : Number.parseInt(String(value), 10);
    if (Number.isInteger(wave) && wave !== 0) waves.set(refKey(ref), wave);
  });
  if (waves.size === 0) return ctx.plan.pruneWaves;
  return pruneWaves(ctx.plan.prune, (ref) => waves.get(refKey(ref)) ?? 0);
}
