/** sprig's dict functions (dict.go) and mergo's Merge semantics for merge/mergeOverwrite. */
import { copyElemType, FuncError } from '../builtins.js';
import { type GoFunc, type GoMap, sortedKeys, type Value } from '../value.js';
import { empty, stringList, strval } from './convert.js';
import { fn, vfn } from './define.js';

function dict(...v: Value[]): GoMap {
  const d = new Map<string, Value>();
  for (let i = 0; i < v.length; i += 2) {
    const key = strval(v[i]);
    d.set(key, i + 1 >= v.length ? '' : (v[i + 1] ?? null));
  }
  return d;
}

function nilMap(): never {
  throw new FuncError('assignment to entry in nil map');
}

/** mergo.Merge(&dst, src[, WithOverride]) for map[string]interface{}. */
export function mergeInto(dst: GoMap, src: GoMap, overwrite: boolean, depth = 0): void {
  if (depth > 10000) throw new FuncError('merge: values nested too deeply');
  for (const [k, sv] of src) {
    const has = dst.has(k);
    const dv = dst.get(k);
    if (sv === null || sv === undefined) {
      if (overwrite) dst.set(k, null);
      continue;
    }
    if (sv instanceof Map) {
      if (dv instanceof Map) {
        mergeInto(dv, sv, overwrite, depth + 1);
        if (dv.size > 0) continue;
      }
      if (overwrite || !has || empty(dv)) dst.set(k, sv);
      continue;
    }
    if (overwrite || !has || empty(dv)) dst.set(k, sv);
  }
}

function deepCopy(v: Value): Value {
  if (v instanceof Map) {
    const m = new Map<string, Value>();
    for (const [k, x] of v) m.set(k, deepCopy(x));
    return m;
  }
  if (Array.isArray(v)) {
    const a = v.map(deepCopy);
    copyElemType(v, a);
    return a;
  }
  return v;
}

export { deepCopy };

function dig(...ps: Value[]): Value {
  if (ps.length < 3) throw new FuncError('dig needs at least three arguments');
  let d = ps[ps.length - 1];
  const def = ps[ps.length - 2];
  const keys = ps.slice(0, -2);
  for (let i = 0; i < keys.length; i++) {
    if (!(d instanceof Map))
      throw new FuncError(`interface conversion: interface {} is ${d === null ? 'nil' : typeof d}, not map[string]interface {}`);
    const k = keys[i];
    if (typeof k !== 'string') throw new FuncError('interface conversion: interface {} is not string');
    if (!d.has(k)) return def;
    const step = d.get(k);
    if (i === keys.length - 1) return step ?? null;
    d = step ?? null;
  }
  return def;
}

export function dictFuncs(): Record<string, GoFunc> {
  const merge = (overwrite: boolean) =>
    vfn(['map'], 'map', (dst: GoMap | null, ...srcs: (GoMap | null)[]) => {
      let d = dst;
      for (const s of srcs) {
        if (!s) continue;
        if (!d) d = new Map();
        mergeInto(d, s, overwrite);
      }
      return d;
    });
  return {
    dict: vfn([], 'any', dict),
    get: fn(['map', 'string'], (d: GoMap | null, k: string) => (d?.has(k) ? (d.get(k) ?? null) : '')),
    set: fn(['map', 'string', 'any'], (d: GoMap | null, k: string, v: Value) => {
      if (!d) nilMap();
      d.set(k, v);
      return d;
    }),
    unset: fn(['map', 'string'], (d: GoMap | null, k: string) => {
      d?.delete(k);
      return d;
    }),
    hasKey: fn(['map', 'string'], (d: GoMap | null, k: string) => d?.has(k) ?? false),
    pluck: vfn(['string'], 'map', (name: string, ...ds: (GoMap | null)[]) => {
      const out: Value[] = [];
      for (const d of ds) if (d?.has(name)) out.push(d.get(name) ?? null);
      return out;
    }),
    keys: vfn([], 'map', (...ds: (GoMap | null)[]) => {
      const out: string[] = [];
      for (const d of ds) if (d) out.push(...sortedKeys(d));
      return stringList(out);
    }),
    pick: vfn(['map'], 'string', (d: GoMap | null, ...keys: string[]) => {
      const out = new Map<string, Value>();
      for (const k of keys) if (d?.has(k)) out.set(k, d.get(k) ?? null);
      return out;
    }),
    omit: vfn(['map'], 'string', (d: GoMap | null, ...keys: string[]) => {
      const omit = new Set(keys);
      const out = new Map<string, Value>();
      for (const [k, v] of d ?? []) if (!omit.has(k)) out.set(k, v);
      return out;
    }),
    merge: merge(false),
    mustMerge: merge(false),
    mergeOverwrite: merge(true),
    mustMergeOverwrite: merge(true),
    values: fn(['map'], (d: GoMap | null) => (d ? sortedKeys(d).map((k) => d.get(k) ?? null) : [])),
    deepCopy: fn(['any'], deepCopy),
    mustDeepCopy: fn(['any'], deepCopy),
    dig: vfn([], 'any', dig),
  };
}
