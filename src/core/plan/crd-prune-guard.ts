import { refString, type ObjectRef } from '../model/object-ref.js';

/** A CustomResourceDefinition that left Git but is kept, and why. */
export interface KeptDefinition {
  ref: ObjectRef;
  why: string;
}

/**
 * Deleting a CustomResourceDefinition deletes every custom resource of it, cluster-wide. So a CRD
 * that left Git is pruned only when nothing the app still wants or owns is of its group: no
 * desired object (still in Git) and no owned object that stays (left Git but not pruned). Its name
 * is `<plural>.<group>`; the kinds it serves are not known from its name alone, so any resource of
 * its group keeps it (a sibling CRD's resources too: keeping one CRD too many is safe, deleting one
 * too many is not). `pruneWithResources` (sync option `PruneCRDsWithResources=true`) prunes anyway.
 */
export function guardDefinitionPrune(
  prune: readonly ObjectRef[],
  remaining: readonly ObjectRef[],
  pruneWithResources: boolean,
): { prune: ObjectRef[]; kept: KeptDefinition[] } {
  if (pruneWithResources) return { prune: [...prune], kept: [] };
  const kept: KeptDefinition[] = [];
  const out: ObjectRef[] = [];
  for (const ref of prune) {
    const group = definedGroup(ref);
    const holder = group === undefined ? undefined : remaining.find((r) => r.group === group && !definedGroup(r));
    if (holder) {
      kept.push({
        ref,
        why: `${refString(ref)} not pruned: resources of group ${group} remain (${refString(holder)}); deleting the definition would delete them (set PruneCRDsWithResources=true to prune it anyway)`,
      });
    } else out.push(ref);
  }
  return { prune: out, kept };
}

/** The group a CustomResourceDefinition's name (`<plural>.<group>`) defines resources of; undefined for anything else. */
function definedGroup(ref: ObjectRef): string | undefined {
  if (ref.kind !== 'CustomResourceDefinition' || ref.group !== 'apiextensions.k8s.io') return undefined;
  const dot = ref.name.indexOf('.');
  return dot > 0 ? ref.name.slice(dot + 1) : undefined;
}
