import type { Manifest } from '../model/manifest.js';
import { refKey, refOf, type ObjectRef } from '../model/object-ref.js';
import type { Inventory } from '../inventory/inventory.js';
import { guardDefinitionPrune } from './crd-prune-guard.js';
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
  /** `PruneCRDsWithResources=true`: prune a CRD that left Git even while resources of it remain. */
  pruneCRDsWithResources?: boolean;
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
  /** Objects that left Git but are kept although prune is on, each with why (a CRD whose resources remain). */
  pruneNotes: string[];
  /**
   * The render gave no object while the app owns some, and the app does not allow an empty render:
   * the live state is not what Git says, so the sync fails and the app is OutOfSync with this message.
   */
  emptyRender?: string;
  /** The inventory to record after a successful sync (desired + kept objects). */
  nextInventory: ObjectRef[];
}

/**
 * Pairs desired objects with the inventory of the last sync. Pure: decides what to apply, in
 * which phases, waves and stages, which hooks run where, and what to prune. An empty render never
 * prunes unless the app allows it, and a CRD is never pruned while resources of it remain
 * (crd-prune-guard.ts) unless the app says so.
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
  const emptyRender =
    input.desired.length === 0 && gone.length > 0 && !input.allowEmpty
      ? `rendering produced no objects while the app owns ${gone.length}; an empty render is not applied (set allowEmpty to allow it)`
      : undefined;
  const pruning = input.prune && !pruneRefusal;
  const candidates = pruning ? gone : [];
  const candidateKeys = new Set(candidates.map(refKey));
  const staying = [...input.desired.map(refOf), ...gone.filter((r) => !candidateKeys.has(refKey(r)))];
  const guarded = guardDefinitionPrune(candidates, staying, input.pruneCRDsWithResources ?? false);
  const prune = guarded.prune;
  const pruneKeys = new Set(prune.map(refKey));
  const orphaned = gone.filter((r) => !pruneKeys.has(refKey(r)));
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
    pruneNotes: guarded.kept.map((k) => k.why),
    emptyRender,
    nextInventory: [...phased.objects.map(refOf), ...keptSkipped, ...orphaned],
  };
}
