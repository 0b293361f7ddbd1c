import type { ValidationProblems } from './validation-problems.js';

/** A YAML mapping as parsed: plain object with string keys. */
export type Mapping = Record<string, unknown>;

export function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `a string`, `a number`, `a list`, `a mapping`, `null`: for "must be X (got Y)" messages. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

/** `spec` + `source` -> `spec.source`; the root has no prefix. */
export function fieldPath(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

/**
 * Checks that `value` is a mapping whose keys are all in `known`; records one problem per unknown key.
 * Returns the mapping (even with unknown keys, so the known ones are still checked) or undefined.
 */
export function checkMapping(value: unknown, field: string, known: readonly string[], problems: ValidationProblems): Mapping | undefined {
  if (!isMapping(value)) {
    problems.add(field, `must be a mapping (got ${describeType(value)})`);
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) problems.add(fieldPath(field, key), `unknown field (expected one of: ${known.join(', ')})`);
  }
  return value;
}

/** An optional string field; `required` records "is required" when absent. Empty strings are refused. */
export function checkString(map: Mapping, key: string, parent: string, problems: ValidationProblems, required = false): string | undefined {
  const field = fieldPath(parent, key);
  const value = map[key];
  if (value === undefined || value === null) {
    if (required) problems.add(field, 'is required');
    return undefined;
  }
  if (typeof value !== 'string') {
    const hint = typeof value === 'number' || typeof value === 'boolean' ? '; put it in quotes' : '';
    problems.add(field, `must be a string (got ${describeType(value)}${hint})`);
    return undefined;
  }
  if (value.trim() === '') {
    problems.add(field, required ? 'is required' : 'must not be empty');
    return undefined;
  }
  return value;
}

export function checkBoolean(map: Mapping, key: string, parent: string, problems: ValidationProblems): boolean | undefined {
  const value = map[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    problems.add(fieldPath(parent, key), `must be true or false (got ${describeType(value)})`);
    return undefined;
  }
  return value;
}

export function checkNumber(
  map: Mapping,
  key: string,
  parent: string,
  problems: ValidationProblems,
  rule: { integer?: boolean; min: number },
): number | undefined {
  const value = map[key];
  if (value === undefined || value === null) return undefined;
  const field = fieldPath(parent, key);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.add(field, `must be a number (got ${describeType(value)})`);
    return undefined;
  }
  if (rule.integer && !Number.isInteger(value)) {
    problems.add(field, `must be a whole number (got ${value})`);
    return undefined;
  }
  if (value < rule.min) {
    problems.add(field, `must be at least ${rule.min} (got ${value})`);
    return undefined;
  }
  return value;
}

/** True when `text` holds a control character (newline, NUL, ...): never valid in names, URLs or paths. */
export function hasControlCharacter(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(text);
}
