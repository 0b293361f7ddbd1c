import type { ResolvedApplication } from '../core/application/application.js';
import type { Manifest } from '../core/model/manifest.js';
import { markOwned } from '../core/inventory/ownership.js';
import { defaultNamespaces, type ScopeOf } from '../core/plan/default-namespace.js';
import type { AppIdentity, Target } from '../target/target.js';

export function appIdentity(app: ResolvedApplication): AppIdentity {
  return { name: app.name, inventoryNamespace: app.destination.namespace ?? 'default' };
}

/** Rendered objects as they will be applied: default namespace filled in, ownership-marked. */
export async function prepareDesired(
  target: Target,
  app: ResolvedApplication,
  objects: Manifest[],
): Promise<{ desired: Manifest[]; scopeOf: ScopeOf }> {
  const scopeOf = await target.scopes(objects);
  const desired = defaultNamespaces(objects, scopeOf, app.destination.namespace).map((o) => markOwned(app.name, o));
  return { desired, scopeOf };
}
