import type { Manifest } from '../model/manifest.js';
import type { ScopeOf } from './default-namespace.js';
import { inKindOrder } from './kind-order.js';

/**
 * Apply stages, in order. Definitions (CRDs, Namespaces) must be established before anything that
 * uses them; cluster-scoped objects (ClusterRoles, ...) before namespaced ones that may refer to them.
 */
export type StageName = 'definitions' | 'cluster' | 'namespaced';

export interface Stage {
  name: StageName;
  objects: Manifest[];
}

export function isDefinition(object: Manifest): boolean {
  return (
    (object.kind === 'CustomResourceDefinition' && object.apiVersion.startsWith('apiextensions.k8s.io/')) ||
    (object.kind === 'Namespace' && object.apiVersion === 'v1')
  );
}

/** Splits objects into non-empty stages, each in kind order (see kind-order.ts), else in input order. */
export function stageObjects(objects: Manifest[], scopeOf: ScopeOf): Stage[] {
  const stages: Record<StageName, Manifest[]> = { definitions: [], cluster: [], namespaced: [] };
  for (const object of objects) {
    if (isDefinition(object)) stages.definitions.push(object);
    else if (scopeOf(object) === 'Cluster') stages.cluster.push(object);
    else stages.namespaced.push(object);
  }
  return (['definitions', 'cluster', 'namespaced'] as const)
    .filter((name) => stages[name].length > 0)
    .map((name) => ({ name, objects: inKindOrder(stages[name]) }));
}
