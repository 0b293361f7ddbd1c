import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function toComparableYaml(object: unknown): string {
  return object === undefined ? '' : stringify(sortKeys(object), { lineWidth: 0 });
}

/** A unified YAML diff from `live` to `desired`, keys sorted (empty string when equal): objects, or any value (a host File's view). */
export function unifiedDiff(name: string, live: unknown, desired: unknown): string {
  const a = toComparableYaml(live);
  const b = toComparableYaml(desired);
  if (a === b) return '';
  return createTwoFilesPatch(`live/${name}`, `desired/${name}`, a, b, undefined, undefined, { context: 3 }).split('\n').slice(1).join('\n'); // drop the "Index:"/"====" header line
}
