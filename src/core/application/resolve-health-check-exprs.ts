import { checkMapping, checkString, describeType } from './field-checks.js';
import type { ValidationProblems } from './validation-problems.js';

const FIELD = 'spec.healthCheckExprs';

/**
 * A user-defined health check in Flux's shape: CEL expressions over the object, evaluated in the order
 * inProgress, failed, current; the first that is true decides (health-checks/cel/).
 */
export interface HealthCheckExpr {
  apiVersion: string;
  kind: string;
  current: string;
  inProgress?: string;
  failed?: string;
}

const KEYS = ['apiVersion', 'kind', 'current', 'inProgress', 'failed'] as const;

/**
 * The shape of a list of health check expressions (`spec.healthCheckExprs`, or a file of the agent's):
 * each entry with `apiVersion`, `kind` and `current` strings, `inProgress` and `failed` optional. The
 * expressions themselves are compiled where they are used (a compile error names the same field path).
 */
export function resolveHealthCheckExprs(value: unknown, problems: ValidationProblems, field = FIELD): HealthCheckExpr[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    problems.add(field, `must be a list of {apiVersion, kind, current, inProgress?, failed?} (got ${describeType(value)})`);
    return undefined;
  }
  const out: HealthCheckExpr[] = [];
  let ok = true;
  value.forEach((entry, i) => {
    const at = `${field}[${i}]`;
    const map = checkMapping(entry, at, KEYS, problems);
    if (!map) return void (ok = false);
    const apiVersion = checkString(map, 'apiVersion', at, problems, true);
    const kind = checkString(map, 'kind', at, problems, true);
    const current = checkString(map, 'current', at, problems, true);
    const inProgress = checkString(map, 'inProgress', at, problems);
    const failed = checkString(map, 'failed', at, problems);
    if (apiVersion === undefined || kind === undefined || current === undefined) return void (ok = false);
    if ((map.inProgress != null && inProgress === undefined) || (map.failed != null && failed === undefined)) return void (ok = false);
    out.push({ apiVersion, kind, current, ...(inProgress !== undefined && { inProgress }), ...(failed !== undefined && { failed }) });
  });
  return ok ? out : undefined;
}
