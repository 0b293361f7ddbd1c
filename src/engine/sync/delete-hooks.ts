import type { Manifest } from '../../core/model/manifest.js';
import { type ObjectRef, refKey, refOf, refString } from '../../core/model/object-ref.js';
import type { ChangeSetEntry } from '../../core/sync/change-set.js';
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
  const deleted = await deleteHooks(ctx, due.map(refOf));
  for (const d of deleted) {
    if (d.action === 'pruned') reportHook(ctx, phase, d.ref, 'Deleted', `deleted: its run ${runs.get(refKey(d.ref))?.toLowerCase()}`);
    else ctx.notes.push(`${refString(d.ref)}: hook not deleted: ${d.message ?? d.reason ?? d.action}`);
  }
}

/**
 * Deletes hooks in the background. The delete is conditional on the resourceVersion just read, and a
 * Job's controller may write its status in between: a conflict is tried again, a few times.
 */
export async function deleteHooks(ctx: SyncContext, refs: ObjectRef[]): Promise<ChangeSetEntry[]> {
  const options = { dryRun: ctx.applyOptions.dryRun, propagationPolicy: 'Background' as const };
  let results = await ctx.deps.target.prune(ctx.id, refs, options);
  for (let attempt = 1; attempt < 4; attempt++) {
    const conflicted = results.filter((r) => r.action === 'failed' && /conflict/i.test(`${r.reason} ${r.message}`));
    if (conflicted.length === 0) break;
    await new Promise((r) => setTimeout(r, 100 * attempt));
    const again = new Map(
      (
        await ctx.deps.target.prune(
          ctx.id,
          conflicted.map((c) => c.ref),
          options,
        )
      ).map((r) => [refKey(r.ref), r]),
    );
    results = results.map((r) => again.get(refKey(r.ref)) ?? r);
  }
  return results;
}
