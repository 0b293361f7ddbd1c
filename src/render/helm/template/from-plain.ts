/**
 * Plain JavaScript values (as a YAML or JSON library returns them) to the template value model:
 * objects become Maps, arrays stay arrays, and numbers become float64 (`number`) — as Helm's values
 * are, since Helm reads YAML through JSON — unless `intsAsInt` makes integral numbers Go ints.
 */
import type { Value } from './value.js';

export function fromPlain(v: unknown, options: { intsAsInt?: boolean } = {}): Value {
  const ints = options.intsAsInt ?? false;
  const walk = (x: unknown): Value => {
    if (x === null || x === undefined) return null;
    switch (typeof x) {
      case 'string':
      case 'boolean':
      case 'bigint':
        return x;
      case 'number':
        return ints && Number.isInteger(x) && Math.abs(x) <= Number.MAX_SAFE_INTEGER ? BigInt(x) : x;
    }
    if (Array.isArray(x)) return x.map(walk);
    if (x instanceof Map) {
      const m = new Map<string, Value>();
      for (const [k, val] of x) m.set(String(k), walk(val));
      return m;
    }
    if (x instanceof Date) return x.toISOString();
    const m = new Map<string, Value>();
    for (const [k, val] of Object.entries(x as Record<string, unknown>)) m.set(k, walk(val));
    return m;
  };
  return walk(v);
}
