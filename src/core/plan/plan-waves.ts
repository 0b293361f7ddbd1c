import type { Manifest } from '../model/manifest.js';
import type { ScopeOf } from './default-namespace.js';
import { readHook } from './hook.js';
import { inKindOrder } from './kind-order.js';
import { stageObjects, type Stage } from './stages.js';
import { waveOf } from './sync-wave.js';

/** The phases a sync runs through, in order; SyncFail runs only when one of them failed. */
/** PostDelete is not a phase of a sync: its hooks run when the app is deleted (engine/delete-app.ts). */
export type WavePhase = 'PreSync' | 'Sync' | 'PostSync' | 'SyncFail' | 'PostDelete';
const ORDER: readonly WavePhase[] = ['PreSync', 'Sync', 'PostSync', 'SyncFail'];

/**
 * One wave of one phase: its objects in stages (definitions, cluster-scoped, namespaced; each in kind
 * order), then its hooks in kind order. The runner applies a wave, waits for it, then starts the next.
 */
export interface PlannedWave {
  phase: WavePhase;
  wave: number;
  stages: Stage[];
  hooks: Manifest[];
}

export interface PhasedObjects {
  /** PreSync, Sync and PostSync waves, in the order they run. */
  waves: PlannedWave[];
  /** SyncFail hooks in waves: run only when the sync failed. */
  syncFail: PlannedWave[];
  /** PostDelete hooks, run once the app is deleted. */
  postDelete: Manifest[];
  /** The ordinary objects: applied in the Sync phase, recorded in the inventory. */
  objects: Manifest[];
  /** Objects never applied: `hook: Skip`, and Helm hooks Tideway does not run (tests, rollbacks, pre-delete). */
  skipped: Manifest[];
}

/**
 * Sorts desired objects into phases and waves, as Argo CD orders a sync: by phase, then wave (lower
 * first), then kind. Ordinary objects belong to the Sync phase; hooks to the phases they name (a hook
 * naming two phases runs in both). Throws InvalidManifest on a hook or wave annotation it cannot read.
 */
export function planWaves(desired: readonly Manifest[], scopeOf: ScopeOf): PhasedObjects {
  const groups = new Map<string, { phase: WavePhase; wave: number; objects: Manifest[]; hooks: Manifest[] }>();
  const group = (phase: WavePhase, wave: number) => {
    const key = `${phase}/${wave}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { phase, wave, objects: [], hooks: [] }));
    return g;
  };
  const result: PhasedObjects = { waves: [], syncFail: [], postDelete: [], objects: [], skipped: [] };
  for (const object of desired) {
    const reading = readHook(object);
    if (reading.kind === 'skip') {
      result.skipped.push(object);
      continue;
    }
    if (reading.kind === 'none') {
      result.objects.push(object);
      group('Sync', waveOf(object)).objects.push(object);
      continue;
    }
    const { phases, helm } = reading.hook;
    if (phases.length === 0) result.skipped.push(object);
    for (const phase of phases) {
      if (phase === 'PostDelete') result.postDelete.push(object);
      else group(phase, waveOf(object, helm)).hooks.push(object);
    }
  }
  const sorted = [...groups.values()].sort((a, b) => ORDER.indexOf(a.phase) - ORDER.indexOf(b.phase) || a.wave - b.wave);
  for (const g of sorted) {
    const wave: PlannedWave = { phase: g.phase, wave: g.wave, stages: stageObjects(g.objects, scopeOf), hooks: inKindOrder(g.hooks) };
    (g.phase === 'SyncFail' ? result.syncFail : result.waves).push(wave);
  }
  result.postDelete = inKindOrder(result.postDelete);
  return result;
}
