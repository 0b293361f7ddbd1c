/**
 * The conversions sprig leans on: strval (toString), spf13/cast's ToInt64/ToInt/ToFloat64, sprig's
 * empty, reflect.DeepEqual, and reading any slice as a list.
 */
import { FuncError } from '../builtins.js';
import { formatValue } from '../fmt.js';
import { parseFloat64, parseInt64 } from '../strconv.js';
import {
  ELEM,
  Float32,
  GoObject,
  isTrue,
  kindName,
  MAX_INT64,
  MIN_INT64,
  type TypedArray,
  TypedInt,
  typeName,
  type Value,
} from '../value.js';

/** sprig's strval: strings as is, Stringers by String(), the rest with %v. */
export function strval(v: Value): string {
  if (typeof v === 'string') return v;
  if (v instanceof GoObject) {
    const s = v.stringer();
    if (s !== undefined) return s;
  }
  return formatValue(v === undefined ? null : v);
}

/** cast's trimZeroDecimal: "1.0" -> "1". */
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') {
      if (foundZero) return s.slice(0, i - 1);
    } else if (c === '0') foundZero = true;
    else return s;
  }
  return s;
}

/** Go's int64(f) for a float64 (truncation; out of range gives math.MinInt64 as amd64 does). */
export function floatToInt64(f: number): bigint {
  if (!Number.isFinite(f) || f >= 2 ** 63 || f < -(2 ** 63)) return MIN_INT64;
  return BigInt(Math.trunc(f));
}

/** cast.ToInt64E; undefined when it cannot cast. */
export function castInt64(v: Value): bigint | undefined {
  switch (typeof v) {
    case 'bigint':
      return v;
    case 'number':
      return floatToInt64(v);
    case 'boolean':
      return v ? 1n : 0n;
    case 'string': {
      const r = parseInt64(trimZeroDecimal(v));
      return r;
    }
    case 'undefined':
      return 0n;
  }
  if (v === null) return 0n;
  if (v instanceof TypedInt) return BigInt.asIntN(64, v.value);
  if (v instanceof Float32) return floatToInt64(v.value);
  return undefined;
}

export function toInt64(v: Value): bigint {
  return castInt64(v) ?? 0n;
}

/** cast.ToFloat64 (0 when it cannot cast). */
export function toFloat64(v: Value): number {
  switch (typeof v) {
    case 'number':
      return v;
    case 'bigint':
      return Number(v);
    case 'boolean':
      return v ? 1 : 0;
    case 'string':
      return parseFloat64(v) ?? 0;
  }
  if (v instanceof TypedInt) return Number(v.value);
  if (v instanceof Float32) return v.value;
  return 0;
}

export function clampInt64(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

export { MAX_INT64, MIN_INT64 };

/** sprig's empty: the zero value of its type (structs are never empty). */
export function empty(v: Value): boolean {
  return !isTrue(v);
}

/** The elements of a slice or array value, or undefined for anything else. */
export function listItems(v: Value): Value[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

/** reflect.TypeOf(x).Kind() as sprig's error messages print it. */
export function kindForError(v: Value): string {
  if (v === undefined || v === null) throw new FuncError('runtime error: invalid memory address or nil pointer dereference');
  return kindName(v);
}

/** reflect.DeepEqual over the value model (types must match). */
export function deepEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (typeName(a) !== typeName(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, x] of a) if (!b.has(k) || !deepEqual(x, b.get(k))) return false;
    return true;
  }
  if (a instanceof TypedInt && b instanceof TypedInt) return a.value === b.value;
  if (a instanceof GoObject && b instanceof GoObject) return formatValue(a) === formatValue(b);
  return false;
}

/** A []string value. */
export function stringList(items: string[]): Value[] {
  (items as TypedArray)[ELEM] = 'string';
  return items;
}

/** A []int value. */
export function intList(items: bigint[]): Value[] {
  (items as TypedArray)[ELEM] = 'int';
  return items;
}

export function inList(list: Value[], v: Value): boolean {
  return list.some((x) => deepEqual(x, v));
}
