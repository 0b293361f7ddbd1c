import { isTable } from '../chart/go-yaml.js';
import type { Values } from './coalesce.js';

/**
 * chartutil.Values.Table: the table at a dotted path (`a.b`), or undefined when a step is missing or
 * not a table.
 */
export function table(values: Values, name: string): Values | undefined {
  let t: unknown = values;
  for (const part of name.split('.')) {
    if (!isTable(t) || !Object.hasOwn(t, part)) return undefined;
    t = t[part];
    if (!isTable(t)) return undefined;
  }
  return isTable(t) ? t : undefined;
}

/** chartutil.Values.PathValue: the non-table value at a dotted path, or `{ missing: true }`. */
export function pathValue(values: Values, path: string): { value: unknown } | { missing: true } {
  const parts = path.split('.');
  const key = parts.pop() as string;
  const t = parts.length === 0 ? values : table(values, parts.join('.'));
  if (t === undefined || !Object.hasOwn(t, key) || isTable(t[key])) return { missing: true };
  return { value: t[key] };
}
