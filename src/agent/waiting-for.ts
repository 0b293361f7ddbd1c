/**
 * What an app waits for, as the API, `tideway status` and the dashboard show it: each dependency
 * (`spec.dependsOn`) not yet Synced and Healthy, with why, from the statuses the agent holds now (the
 * same rule the reconcile applies: core/reconcile/dependencies.ts). Absent for an app without
 * dependencies; empty once it waits for nothing.
 */
import type { ResolvedApplication } from '../core/application/application.js';
import { pendingDependencies } from '../core/reconcile/dependencies.js';
import type { AppStatus } from '../store/store.js';

export interface AppWait {
  name: string;
  /** As the app's `spec.dependsOn` names it (Flux's shape); absent when not given. */
  namespace?: string;
  /** `no such application yet`, `not synced to its current revision (OutOfSync)`, `not Healthy (Progressing)`. */
  reason: string;
}

export function waitingFor(
  app: Pick<ResolvedApplication, 'dependsOn'>,
  statusOf: (name: string) => AppStatus | undefined,
): AppWait[] | undefined {
  if (!app.dependsOn?.length) return undefined;
  const namespaces = new Map(app.dependsOn.map((d) => [d.name, d.namespace]));
  return pendingDependencies(app.dependsOn, (name) => {
    const status = statusOf(name);
    return status ? { syncStatus: status.syncStatus, health: status.health.status } : undefined;
  }).map((w) => {
    const namespace = namespaces.get(w.name);
    return namespace ? { name: w.name, namespace, reason: w.reason } : { name: w.name, reason: w.reason };
  });
}
