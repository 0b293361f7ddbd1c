import { dnsLabelProblem } from './dns-label.js';
import { checkMapping, checkString, describeType } from './field-checks.js';
import type { ValidationProblems } from './validation-problems.js';

const FIELD = 'spec.dependsOn';

/** An application this one waits for: it syncs only once each is Synced and Healthy. */
export interface AppDependency {
  name: string;
  /** Accepted for Flux's shape; Tideway's apps share one namespace, so it only labels the dependency. */
  namespace?: string;
}

/**
 * Validates `spec.dependsOn: [{name, namespace?}]`. Returns the dependencies (undefined when the field
 * is absent or wrong, with the problems recorded, each naming its field path).
 */
export function resolveDependsOn(value: unknown, self: string | undefined, problems: ValidationProblems): AppDependency[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    problems.add(FIELD, `must be a list of {name, namespace?} (got ${describeType(value)})`);
    return undefined;
  }
  const out: AppDependency[] = [];
  const seen = new Set<string>();
  let ok = true;
  value.forEach((entry, i) => {
    const field = `${FIELD}[${i}]`;
    const map = checkMapping(entry, field, ['name', 'namespace'], problems);
    if (!map) return void (ok = false);
    const name = checkString(map, 'name', field, problems, true);
    const namespace = checkString(map, 'namespace', field, problems);
    if (name === undefined) return void (ok = false);
    const problem = dnsLabelProblem(name, 253);
    if (problem) {
      problems.add(`${field}.name`, problem);
      return void (ok = false);
    }
    if (name === self) {
      problems.add(`${field}.name`, `an application cannot depend on itself (${name})`);
      return void (ok = false);
    }
    if (seen.has(name)) {
      problems.add(`${field}.name`, `${name} is listed twice`);
      return void (ok = false);
    }
    seen.add(name);
    out.push(namespace ? { name, namespace } : { name });
  });
  return ok ? out : undefined;
}
