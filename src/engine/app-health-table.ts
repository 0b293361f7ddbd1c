/**
 * The health table one app's objects are judged with, in order: the app's own CEL checks
 * (`spec.healthCheckExprs`), the agent's checks (`--health-checks`: CEL and Lua), the target's table
 * (built-in checks, and what the target knows: CRDs without a status subresource).
 */
import type { ResolvedApplication } from '../core/application/application.js';
import { TidewayError } from '../core/errors.js';
import { withHealthChecks, type HealthCheckEntry, type HealthTable } from '../core/health/health-of.js';

/** The CEL engine is loaded only for an app that has CEL checks (as the policy engine is): a sync without them never pays its start. */
export async function appHealthTable(
  base: HealthTable,
  agentChecks: readonly HealthCheckEntry[] | undefined,
  app: Pick<ResolvedApplication, 'name' | 'healthCheckExprs'>,
): Promise<HealthTable> {
  if (!agentChecks?.length && !app.healthCheckExprs?.length) return base;
  let own: HealthCheckEntry[] = [];
  if (app.healthCheckExprs?.length) {
    const { celHealthChecks } = await import('../health-checks/cel/index.js');
    try {
      own = celHealthChecks(app.healthCheckExprs, { source: 'spec.healthCheckExprs' });
    } catch (cause) {
      throw new TidewayError('InvalidApplication', `Application ${app.name}: ${(cause as Error).message}`, { cause });
    }
  }
  return withHealthChecks(withHealthChecks(base, agentChecks ?? []), own);
}
