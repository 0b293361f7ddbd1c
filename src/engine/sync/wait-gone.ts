import { type ObjectRef, refString } from '../../core/model/object-ref.js';
import type { SyncContext } from './sync-context.js';

/** Polls until none of the objects exists any more, up to the sync's time; notes the ones still there. */
export async function waitGone(ctx: SyncContext, refs: ObjectRef[], intervalMs = 100): Promise<boolean> {
  const deadline = Date.now() + ctx.timeoutMs;
  for (;;) {
    const live = await ctx.deps.target.getLive(refs);
    const left = refs.filter((_, i) => live[i]);
    if (left.length === 0) return true;
    if (Date.now() >= deadline) {
      ctx.notes.push(`still being deleted after ${Math.round(ctx.timeoutMs / 1000)}s: ${left.map(refString).join(', ')}`);
      return false;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
