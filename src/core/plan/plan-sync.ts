import type { Manifest } from '../model/manifest.js';
import { refKey, refOf, type ObjectRef } from '../model/object-ref.js';
import type { Inventory } from '../inventory/inventory.js';
import { pruneWaves } from './prune-order.js';
import { stageObjects, type Stage } from './stages.js';
import { planWaves, type PlannedWave } from './plan-waves.js';
import type { ScopeOf } from './default-namespace.js';

export interface PlanInput {
  /** Rendered, namespaced and ownership-marked desired objects. */
  desired: Manifest[];
  inventory: Inventory | undefined;
  scopeOf: ScopeOf;
  prune: boolean;
  allowEmpty: boolean;
}

export interface SyncPlan {
  /** Every ordinary object (hooks left out) in stages, for callers that do not run waves. */
  stages: Stage[];
  /** PreSync, Sync and PostSync waves in the order they run (plan-waves.ts). */
  waves: PlannedWave[];
  /** SyncFail hooks, in waves: run when the sync failed. */
  syncFail: PlannedWave[];
  /** PostDelete hooks: run once the app is deleted. */
  postDelete: Manifest[];
  /** Objects not applied: `hook: Skip`, Helm hooks Tideway does not run. */
  skipped: Manifest[];
  /** Objects in the inventory that left Git and will be deleted (when ownership is confirmed). */
  prune: ObjectRef[];
  /** The same objects in the order they are deleted: waves, dependants first, definitions last (prune-order.ts). */
  pruneWaves: ObjectRef[][];
  /** Objects that left Git but are kept: prune is off, or refused (see `pruneRefusal`). */
  orphaned: ObjectRef[];
  /** Why nothing is pruned although objects left Git. */
  pruneRefusal?: string;
  /** The inventory to record after a successful sync (desired + kept objects). */
  nextInventory: ObjectRef[];
}

/**
 * Pairs desired objects with the inventory of the last sync. Pure: decides what to apply, in
 * which phases, waves and stages, which hooks run where, and what to prune. An empty render never prunes unless the app allows it.
 */
export function planSync(input: PlanInput): SyncPlan {
  const phased = planWaves(input.desired, input.scopeOf);
  // Hooks and skipped objects are not the app's objects (never in the inventory), yet never pruned either.
  const desiredKeys = new Set(input.desired.map((o) => refKey(refOf(o))));
  const gone = (input.inventory?.objects ?? []).filter((ref) => !desiredKeys.has(refKey(ref)));
  let pruneRefusal: string | undefined;
  if (gone.length > 0 && input.prune && input.desired.length === 0 && !input.allowEmpty) {
    pruneRefusal = `rendering produced no objects; refusing to prune ${gone.length} object(s) (set allowEmpty to allow)`;
  }
  const pruning = input.prune && !pruneRefusal;
  const prune = pruning ? gone : [];
  const orphaned = pruning ? [] : gone;
  const inventoried = new Set((input.inventory?.objects ?? []).map(refKey));
  const keptSkipped = phased.skipped.map(refOf).filter((ref) => inventoried.has(refKey(ref)));
  return {
    stages: stageObjects(phased.objects, input.scopeOf),
    waves: phased.waves,
    syncFail: phased.syncFail,
    postDelete: phased.postDelete,
    skipped: phased.skipped,
    prune,
    pruneWaves: pruneWaves(prune),
    orphaned,
    pruneRefusal,
    nextInventory: [...phased.objects.map(refOf), ...keptSkipped, ...orphaned],
  };
}
