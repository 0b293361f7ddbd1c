/**
 * The Kubernetes target's health table: the built-in checks, and for a custom resource whose kind has
 * no `status` subresource (discovery lists no `<plural>/status`), `statuslessHealth`: a CRD without a
 * status never gets one, so no status is Healthy rather than "waiting for the controller". Kinds with
 * a check of their own (built-in, Lua, CEL) keep it; this replaces only the generic fallback.
 */
import { findHealthCheck, withHealthChecks, type HealthTable } from '../../core/health/health-of.js';
import { genericHealth } from '../../core/health/health-generic.js';
import { statuslessHealth } from '../../core/health/health-statusless.js';
import type { Discovery } from './discovery.js';

export function statuslessAware(base: HealthTable, discovery: Pick<Discovery, 'cached'>): HealthTable {
  const fallback = findHealthCheck(base, '*', '*') ?? genericHealth;
  return withHealthChecks(base, [
    {
      group: '*',
      kind: '*',
      check: (object) => (discovery.cached(object.apiVersion, object.kind)?.statusless ? statuslessHealth : fallback)(object),
    },
  ]);
}
