import type { Manifest } from '../../core/model/manifest.js';
import { refKey, refOf, refString } from '../../core/model/object-ref.js';
import type { WavePhase } from '../../core/plan/plan-waves.js';
import type { HookRunStatus } from '../../core/sync/sync-event.js';
import { deletePoliciesOf, reportHook } from './hook-status.js';
import type { SyncContext } from './sync-context.js';

/**
 * Deletes the hooks whose run ended as their policy says: HookSucceeded once succeeded, HookFailed
 * once failed. Hooks still running (a timed-out wait) and BeforeHookCreation hooks stay until their
 * next run. Deletion is in the background: the hook's Pods go once the garbage collector gets to them.
 */
export async function deleteHooksByPolicy(
  ctx: SyncContext,
  phase: WavePhase,
  hooks: Manifest[],
  runs: Map<string, HookRunStatus>,
): Promise<void> {
  const due = hooks.filter((h) => {
    const status = runs.get(refKey(refOf(h)));
    const policies = deletePoliciesOf(h);
    return (status === 'Succeeded' && policies.includes('HookSucceeded')) || (status === 'Failed' && policies.includes('HookFailed'));
  });
  if (due.length === 0) return;
  const deleted = await ctx.deps.target.prune(ctx.id, due.map(refOf), { dryRun: ctx.applyOptions.dryRun, propagationPolicy: 'Background' });
  for (const d of deleted) {
    if (d.action === 'pruned') reportHook(ctx, phase, d.ref, 'Deleted', `deleted: its run ${runs.get(refKey(d.ref))?.toLowerCase()}`);
    else ctx.notes.push(`${refString(d.ref)}: hook not deleted: ${d.message ?? d.reason ?? d.action}`);
  }
}
