/** sprig's list functions (list.go): list, append/push, prepend, first, rest, last, initial,
 * reverse, compact, uniq, without, has, slice, concat, chunk, until, untilStep, seq. */
import { copyElemType, FuncError } from '../builtins.js';
import type { GoFunc, Value } from '../value.js';
import { empty, inList, intList, kindForError, toInt64 } from './convert.js';
import { fn, type Impl, MAX_BUILD, vfn } from './define.js';

/** The items of a slice argument, or a Go-worded error naming the operation. */
function itemsOf(list: Value, what: string): Value[] {
  if (Array.isArray(list)) return list;
  throw new FuncError(`Cannot ${what} on type ${kindForError(list)}`);
}

/** `mustX` returns the error; `x` panics with it (both surface as a template error). */
function pair(name: string, params: Parameters<typeof fn>[0], impl: Impl, variadic?: Parameters<typeof vfn>[1]) {
  const must = `must${name[0].toUpperCase()}${name.slice(1)}`;
  const f = variadic ? vfn(params, variadic, impl) : fn(params, impl);
  return { [name]: f, [must]: f };
}

function untilStep(start: bigint, stop: bigint, step: bigint): Value[] {
  const v: bigint[] = [];
  const guard = () => {
    if (v.length > MAX_BUILD / 8) throw new FuncError(`untilStep: more than ${MAX_BUILD / 8} elements`);
  };
  if (stop < start) {
    if (step >= 0n) return intList(v);
    for (let i = start; i > stop; i += step) {
      v.push(i);
      guard();
    }
    return intList(v);
  }
  if (step <= 0n) return intList(v);
  for (let i = start; i < stop; i += step) {
    v.push(i);
    guard();
  }
  return intList(v);
}

function seq(...params: bigint[]): string {
  let increment = 1n;
  const join = (l: Value[]) => l.map(String).join(' ');
  switch (params.length) {
    case 0:
      return '';
    case 1: {
      const start = 1n;
      const end = params[0];
      if (end < start) increment = -1n;
      return join(untilStep(start, end + increment, increment));
    }
    case 3: {
      const [start, step, end] = params;
      if (end < start) {
        increment = -1n;
        if (step > 0n) return '';
      }
      return join(untilStep(start, end + increment, step));
    }
    case 2: {
      const [start, end] = params;
      const step = end < start ? -1n : 1n;
      return join(untilStep(start, end + step, step));
    }
    default:
      return '';
  }
}

function chunk(size: bigint, list: Value): Value[] {
  const items = itemsOf(list, 'chunk');
  const l = items.length;
  const n = Number(size);
  if (n <= 0) throw new FuncError('runtime error: integer divide by zero');
  const cs = Math.floor((l - 1) / n) + 1;
  const out: Value[] = [];
  for (let i = 0; i < cs; i++) {
    let clen = n;
    if (i === cs - 1) {
      clen = Math.floor(l % n);
      if (clen === 0) clen = n;
    }
    out.push(items.slice(i * n, i * n + clen));
  }
  return out;
}

function sliceList(list: Value, ...indices: Value[]): Value {
  if (!Array.isArray(list)) throw new FuncError(`list should be type of slice or array but ${kindForError(list)}`);
  const l = list.length;
  if (l === 0) return null;
  const start = indices.length > 0 ? Number(toInt64(indices[0])) : 0;
  const end = indices.length < 2 ? l : Number(toInt64(indices[1]));
  if (start < 0 || end > l || start > end)
    throw new FuncError(`runtime error: slice bounds out of range [${start}:${end}] with capacity ${l}`);
  const out = list.slice(start, end);
  copyElemType(list, out);
  return out;
}

export function listFuncs(): Record<string, GoFunc> {
  return {
    list: vfn([], 'any', (...v: Value[]) => v),
    tuple: vfn([], 'any', (...v: Value[]) => v),
    ...pair('push', ['any', 'any'], (l: Value, v: Value) => [...itemsOf(l, 'push'), v]),
    ...pair('append', ['any', 'any'], (l: Value, v: Value) => [...itemsOf(l, 'push'), v]),
    ...pair('prepend', ['any', 'any'], (l: Value, v: Value) => [v, ...itemsOf(l, 'prepend')]),
    ...pair('first', ['any'], (l: Value) => {
      const items = itemsOf(l, 'find first');
      return items.length === 0 ? null : (items[0] ?? null);
    }),
    ...pair('last', ['any'], (l: Value) => {
      const items = itemsOf(l, 'find last');
      return items.length === 0 ? null : (items[items.length - 1] ?? null);
    }),
    ...pair('rest', ['any'], (l: Value) => itemsOf(l, 'find rest').slice(1)),
    ...pair('initial', ['any'], (l: Value) => itemsOf(l, 'find initial').slice(0, -1)),
    ...pair('reverse', ['any'], (l: Value) => [...itemsOf(l, 'find reverse')].reverse()),
    ...pair('compact', ['any'], (l: Value) => itemsOf(l, 'compact').filter((x) => !empty(x))),
    ...pair('uniq', ['any'], (l: Value) => {
      const out: Value[] = [];
      for (const x of itemsOf(l, 'find uniq')) if (!inList(out, x)) out.push(x);
      return out;
    }),
    ...pair('without', ['any'], (l: Value, ...omit: Value[]) => itemsOf(l, 'find without').filter((x) => !inList(omit, x)), 'any'),
    ...pair('has', ['any', 'any'], (needle: Value, hay: Value) => {
      if (hay === null || hay === undefined) return false;
      return inList(itemsOf(hay, 'find has'), needle);
    }),
    ...pair('slice', ['any'], sliceList, 'any'),
    concat: vfn([], 'any', (...lists: Value[]) => {
      const out: Value[] = [];
      for (const l of lists) {
        if (!Array.isArray(l)) throw new FuncError(`Cannot concat type ${kindForError(l)} as list`);
        out.push(...l);
      }
      return out;
    }),
    ...pair('chunk', ['int', 'any'], chunk),
    until: fn(['int'], (count: bigint) => untilStep(0n, count, count < 0n ? -1n : 1n)),
    untilStep: fn(['int', 'int', 'int'], untilStep),
    seq: vfn([], 'int', seq),
  };
}
