import { checkMapping, checkString, describeType } from './field-checks.js';
import { normalizeSourcePath } from './source-path.js';
import type { ValidationProblems } from './validation-problems.js';

const FIELD = 'spec.policies';

/** A directory of the app's repository holding ValidatingAdmissionPolicies, their bindings and params. */
export interface PolicySource {
  /** Relative to the repository root, normalised as `spec.source.path` is. */
  path: string;
}

/**
 * Validates `spec.policies`: `{path: DIR}` or a list of them. Returns the directories (undefined when
 * the field is absent or wrong, with the problems recorded).
 */
export function resolvePolicies(value: unknown, problems: ValidationProblems): PolicySource[] | undefined {
  if (value === undefined || value === null) return undefined;
  const entries = Array.isArray(value) ? value.map((v, i) => [v, `${FIELD}[${i}]`] as const) : [[value, FIELD] as const];
  if (!Array.isArray(value) && (typeof value !== 'object' || value === null)) {
    problems.add(FIELD, `must be a mapping {path: DIR} or a list of them (got ${describeType(value)})`);
    return undefined;
  }
  if (Array.isArray(value) && value.length === 0) {
    problems.add(FIELD, 'must not be an empty list (leave it out instead)');
    return undefined;
  }
  const out: PolicySource[] = [];
  for (const [entry, field] of entries) {
    const map = checkMapping(entry, field, ['path'], problems);
    if (!map) continue;
    const raw = checkString(map, 'path', field, problems, true);
    const path = raw === undefined ? undefined : problems.attempt(() => normalizeSourcePath(raw, `${field}.path`));
    if (path !== undefined) out.push({ path });
  }
  return out.length === entries.length ? out : undefined;
}
