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
  for (const wave of ctx.plan.pruneWaves) {
    recordOutcomes(ctx, await ctx.deps.target.prune(ctx.id, wave, { dryRun: ctx.applyOptions.dryRun, propagationPolicy }));
  }
}
