import type { Manifest } from '../../core/model/manifest.js';
import { refKey, refOf, refString } from '../../core/model/object-ref.js';
import type { PlannedWave } from '../../core/plan/plan-waves.js';
import { deleteHooks } from './delete-hooks.js';
import { deletePoliciesOf, reportHook } from './hook-status.js';
import { recordOutcomes, type SyncContext } from './sync-context.js';
import { waitGone } from './wait-gone.js';

/**
 * Starts the hooks of one wave: deletes the live copy of each named hook whose policy is
 * BeforeHookCreation (the default) and waits until it is gone, then applies the hooks. Their outcomes
 * are recorded as entries marked with the phase. Returns the hooks now running (applied without error).
 */
export async function startHooks(ctx: SyncContext, wave: PlannedWave): Promise<Manifest[]> {
  const { target } = ctx.deps;
  const dryRun = !!ctx.applyOptions.dryRun;
  const recreated = wave.hooks.filter((h) => h.metadata.generateName === undefined && deletePoliciesOf(h).includes('BeforeHookCreation'));
  if (recreated.length > 0) {
    const live = await target.getLive(recreated.map(refOf));
    const existing = recreated.filter((_, i) => live[i]).map(refOf);
    if (existing.length > 0) {
      const deleted = await deleteHooks(ctx, existing);
      for (const d of deleted) {
        if (d.action === 'pruned') reportHook(ctx, wave.phase, d.ref, 'Deleted', 'BeforeHookCreation: the last run deleted');
        else ctx.notes.push(`${refString(d.ref)}: the last run of this hook could not be deleted: ${d.message ?? d.reason ?? d.action}`);
      }
      if (!dryRun) await waitGone(ctx, existing);
    }
  }
  // Read afresh: a list taken earlier (prefetched, cached) may still show the hooks just deleted.
  const entries = await target.apply(ctx.id, wave.hooks, { ...ctx.applyOptions, freshRead: true });
  recordOutcomes(
    ctx,
    entries.map((e) => ({ ...e, hook: wave.phase })),
  );
  const failed = new Set<string>();
  for (const e of entries) {
    if (e.action === 'failed') {
      failed.add(refKey(e.ref));
      reportHook(ctx, wave.phase, e.ref, 'Failed', e.message ?? 'the hook could not be applied');
    } else reportHook(ctx, wave.phase, e.ref, 'Running');
  }
  return wave.hooks.filter((h) => !failed.has(refKey(refOf(h))));
}
