import { type IgnoreDifferenceRule, parseJqPath, parseJsonPointer } from '../diff/ignore-differences.js';
import { checkMapping, checkString, describeType } from './field-checks.js';
import type { ValidationProblems } from './validation-problems.js';

const FIELD = 'spec.ignoreDifferences';
const KEYS = ['group', 'kind', 'name', 'namespace', 'jsonPointers', 'jqPathExpressions', 'managedFieldsManagers'];
const LISTS = ['jsonPointers', 'jqPathExpressions', 'managedFieldsManagers'] as const;

function checkStrings(value: unknown, field: string, problems: ValidationProblems): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) {
    problems.add(field, `must be a list of non-empty strings (got ${describeType(value)})`);
    return undefined;
  }
  return value as string[];
}

/**
 * Validates `spec.ignoreDifferences` (Argo CD's shape): a list of rules, each with `kind` (and
 * optionally `group`, `name`, `namespace`) and at least one of `jsonPointers`, `jqPathExpressions`
 * (paths only: `.spec.replicas`, `.a["b/c"]`, `.a[0]`, `.a[]`) and `managedFieldsManagers`.
 */
export function resolveIgnoreDifferences(value: unknown, problems: ValidationProblems): IgnoreDifferenceRule[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    problems.add(FIELD, `must be a list of rules like {kind: Deployment, jsonPointers: [/spec/replicas]} (got ${describeType(value)})`);
    return undefined;
  }
  const rules: IgnoreDifferenceRule[] = [];
  let ok = true;
  value.forEach((entry, index) => {
    const field = `${FIELD}[${index}]`;
    const map = checkMapping(entry, field, KEYS, problems);
    if (!map) {
      ok = false;
      return;
    }
    const kind = checkString(map, 'kind', field, problems, true);
    const rule: IgnoreDifferenceRule = { kind: kind ?? '' };
    for (const key of ['group', 'name', 'namespace'] as const) {
      const v = checkString(map, key, field, problems);
      if (v !== undefined) rule[key] = v;
    }
    for (const key of LISTS) {
      const list = checkStrings(map[key], `${field}.${key}`, problems);
      if (list) rule[key] = list;
    }
    (rule.jsonPointers ?? []).forEach((p, i) => {
      try {
        parseJsonPointer(p);
      } catch (error) {
        problems.add(`${field}.jsonPointers[${i}]`, (error as Error).message);
      }
    });
    (rule.jqPathExpressions ?? []).forEach((e, i) => {
      try {
        parseJqPath(e);
      } catch (error) {
        problems.add(`${field}.jqPathExpressions[${i}]`, (error as Error).message);
      }
    });
    if (!LISTS.some((k) => rule[k]?.length)) problems.add(field, `needs at least one of ${LISTS.join(', ')}`);
    if (kind === undefined) ok = false;
    rules.push(rule);
  });
  return ok ? rules : undefined;
}
