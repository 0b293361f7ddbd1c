import type { Manifest } from '../model/manifest.js';
import type { Scope } from './scope.js';

/**
 * Scopes declared by CustomResourceDefinitions in the desired set, keyed `group/kind`: lets custom
 * resources be namespaced and staged before their CRD exists on the server.
 */
export function crdScopes(objects: Manifest[]): Map<string, Scope> {
  const scopes = new Map<string, Scope>();
  for (const o of objects) {
    if (o.kind !== 'CustomResourceDefinition' || !o.apiVersion.startsWith('apiextensions.k8s.io/')) continue;
    const spec = o.spec as { group?: string; scope?: string; names?: { kind?: string } } | undefined;
    if (spec?.group && spec.names?.kind && (spec.scope === 'Namespaced' || spec.scope === 'Cluster')) {
      scopes.set(`${spec.group}/${spec.names.kind}`, spec.scope);
    }
  }
  return scopes;
}
