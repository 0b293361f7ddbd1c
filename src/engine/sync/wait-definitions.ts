import { refKey, refOf, refString } from '../../core/model/object-ref.js';
import type { Stage } from '../../core/plan/stages.js';
import { recordOutcomes, type SyncContext } from './sync-context.js';

/**
 * Waits until the definitions just applied (CRDs, Namespaces) can be used. When they never become
 * ready, every later stage is recorded as skipped (they depend on them) and the sync is incomplete:
 * nothing is pruned.
 */
export async function waitForDefinitions(ctx: SyncContext, stage: Stage, later: readonly Stage[]): Promise<void> {
  const applied = new Set(ctx.entries.filter((e) => e.action !== 'failed').map((e) => refKey(e.ref)));
  const ready = stage.objects.filter((o) => applied.has(refKey(refOf(o))));
  if (ready.length === 0) return;
  ctx.emit({ type: 'waiting', for: 'definitions', pending: ready.map(refOf), timeLeftMs: ctx.timeoutMs });
  try {
    await ctx.deps.target.waitReady(ready, ctx.timeoutMs);
  } catch (error) {
    const why = (error as Error).message;
    ctx.stageError = why;
    recordOutcomes(
      ctx,
      later
        .flatMap((s) => s.objects)
        .map((o) => ({
          ref: refOf(o),
          action: 'skipped' as const,
          reason: 'DefinitionsNotReady',
          message: `${refString(refOf(o))}: not applied: ${why}`,
        })),
    );
  }
}
