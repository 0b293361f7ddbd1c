import type { Inventory } from '../../core/inventory/inventory.js';
import { CLI_MANAGER } from '../../core/inventory/manager-decision.js';
import { type ObjectRef, refKey } from '../../core/model/object-ref.js';
import type { SyncContext } from './sync-context.js';

/**
 * Records the inventory alongside the sync's first requests, as cli-utils records it before it
 * applies: what it held plus what this sync applies, so that objects applied by a sync cut short are
 * still known to later prunes. Nothing is written when it would not change (a no-op sync writes
 * nothing at all) or on a dry run. Resolves true once recorded; never rejects.
 */
export function recordInventoryUpFront(ctx: SyncContext): Promise<boolean> {
  if (ctx.applyOptions.dryRun || sameInventory(ctx.inventory, ctx.revision.sha, ctx.planned, managerOf(ctx))) return Promise.resolve(false);
  return ctx.deps.target.writeInventory(ctx.id, inventoryOf(ctx, ctx.planned)).then(
    () => true,
    () => false,
  );
}

/**
 * At the end of a sync, records what the app owns now: what was planned less what was pruned (or
 * turned out not to be the app's). Written only when that differs from what is recorded.
 */
export async function recordInventoryAtEnd(ctx: SyncContext, recordedUpFront: boolean): Promise<void> {
  if (ctx.applyOptions.dryRun) return;
  const gone = new Set(ctx.entries.filter((e) => e.action === 'pruned' || e.reason === 'NotOwned').map((e) => refKey(e.ref)));
  const objects = ctx.planned.filter((r) => !gone.has(refKey(r)));
  const recorded = recordedUpFront ? inventoryOf(ctx, ctx.planned) : ctx.inventory;
  if (sameInventory(recorded, ctx.revision.sha, objects, managerOf(ctx))) return;
  try {
    await ctx.deps.target.writeInventory(ctx.id, inventoryOf(ctx, objects));
  } catch (error) {
    ctx.notes.push(`inventory not recorded: ${(error as Error).message}`);
    ctx.inventoryFailed = true;
  }
}

const managerOf = (ctx: SyncContext) => ctx.deps.manager ?? CLI_MANAGER;

function inventoryOf(ctx: SyncContext, objects: ObjectRef[]): Inventory {
  return { app: ctx.app.name, revision: ctx.revision.sha, manager: managerOf(ctx), objects };
}

function sameInventory(current: Inventory | undefined, revision: string, objects: ObjectRef[], manager: string): boolean {
  if (!current || current.revision !== revision || current.manager !== manager || current.objects.length !== objects.length) return false;
  const keys = new Set(current.objects.map(refKey));
  return objects.every((r) => keys.has(refKey(r)));
}
