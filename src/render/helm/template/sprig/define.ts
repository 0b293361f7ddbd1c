/** A compact way to declare Go functions: parameter types, then the implementation. */
import type { GoFunc, ParamType, Value } from '../value.js';

// biome-ignore lint/suspicious/noExplicitAny: each function declares its own parameter types
export type Impl = (...args: any[]) => Value;

export function fn(params: ParamType[], impl: Impl): GoFunc {
  return { params, fn: impl };
}

/** A function whose last parameter is `...T`. */
export function vfn(params: ParamType[], variadic: ParamType, impl: Impl): GoFunc {
  return { params, variadic, fn: impl };
}

/** Upper bound on the size of strings and lists that functions build (a hostile `repeat` or `until`). */
export const MAX_BUILD = 64 * 1024 * 1024;
