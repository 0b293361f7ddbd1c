import type { Manifest } from '../model/manifest.js';
import type { Scope } from './scope.js';

export type ScopeOf = (kind: { apiVersion: string; kind: string }) => Scope | undefined;

/**
 * Puts namespaced objects that name no namespace into `namespace`, and removes a namespace from
 * cluster-scoped objects (the API server would refuse or ignore it). Objects of unknown scope are
 * left as they are; the target reports them.
 */
export function defaultNamespaces(objects: Manifest[], scopeOf: ScopeOf, namespace: string | undefined): Manifest[] {
  return objects.map((object) => {
    const scope = scopeOf(object);
    if (scope === 'Namespaced' && !object.metadata.namespace && namespace) {
      return { ...object, metadata: { ...object.metadata, namespace } };
    }
    if (scope === 'Cluster' && object.metadata.namespace) {
      const { namespace: _dropped, ...metadata } = object.metadata;
      return { ...object, metadata: metadata as Manifest['metadata'] };
    }
    return object;
  });
}
