import type { ObjectRef } from '../model/object-ref.js';
import { kindRank } from './kind-order.js';

/** Definitions: deleting one deletes everything defined by it (a CRD's resources) or in it (a Namespace's objects). */
export function isDefinitionRef(ref: ObjectRef): boolean {
  return (
    (ref.kind === 'CustomResourceDefinition' && ref.group === 'apiextensions.k8s.io') || (ref.kind === 'Namespace' && ref.group === '')
  );
}

/**
 * The order in which a sync prunes, as waves (each wave deleted before the next starts): dependants
 * first, in the reverse of the order kinds are applied (custom resources and routes before workloads,
 * workloads before their configuration); definitions last, so that nothing is deleted from under an
 * object still being pruned, and a Namespace or CRD goes only once what the app owned in it is gone.
 * Given the objects' sync waves (read from the live objects: they left Git), the highest wave is
 * deleted first, the reverse of the order they were applied in.
 */
export function pruneWaves(refs: readonly ObjectRef[], waveOf?: (ref: ObjectRef) => number): ObjectRef[][] {
  if (waveOf) {
    // Sync waves in reverse: the highest wave goes first, each in the order below.
    const byWave = new Map<number, ObjectRef[]>();
    for (const ref of refs) {
      const wave = waveOf(ref);
      byWave.set(wave, [...(byWave.get(wave) ?? []), ref]);
    }
    return [...byWave.keys()].sort((a, b) => b - a).flatMap((wave) => pruneWaves(byWave.get(wave)!));
  }
  const dependants = refs
    .filter((r) => !isDefinitionRef(r))
    .map((ref, at) => ({ ref, at, rank: kindRank(ref) }))
    .sort((a, b) => b.rank - a.rank || a.at - b.at)
    .map((e) => e.ref);
  const definitions = refs.filter(isDefinitionRef);
  return [dependants, definitions].filter((wave) => wave.length > 0);
}
