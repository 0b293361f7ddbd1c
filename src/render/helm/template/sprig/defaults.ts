/** sprig's defaults.go and reflect.go: default, empty, coalesce, all, any, ternary, the JSON
 * functions, deepEqual, typeOf/typeIs/typeIsLike, kindOf/kindIs. */
import { FuncError } from '../builtins.js';
import { readJson } from '../json-reader.js';
import { marshalJson } from '../to-json.js';
import { type GoFunc, kindName, typeName, type Value } from '../value.js';
import { deepEqual, empty } from './convert.js';
import { fn, vfn } from './define.js';

function toJsonOrEmpty(v: Value, options: Parameters<typeof marshalJson>[1]): string {
  try {
    return marshalJson(v, options);
  } catch {
    return '';
  }
}

function mustJson(v: Value, options: Parameters<typeof marshalJson>[1]): string {
  try {
    return marshalJson(v, options);
  } catch (e) {
    throw new FuncError((e as Error).message);
  }
}

/** sprig's fromJson: any JSON value (encoding/json into interface{}: numbers are float64). */
export function decodeJson(s: string): Value {
  try {
    return readJson(s, { ints: false });
  } catch (e) {
    throw new FuncError((e as Error).message);
  }
}

export function defaultFuncs(): Record<string, GoFunc> {
  return {
    default: vfn(['any'], 'any', (d: Value, ...given: Value[]) => (given.length === 0 || empty(given[0]) ? d : given[0])),
    empty: fn(['any'], empty),
    coalesce: vfn([], 'any', (...v: Value[]) => v.find((x) => !empty(x)) ?? null),
    all: vfn([], 'any', (...v: Value[]) => v.every((x) => !empty(x))),
    any: vfn([], 'any', (...v: Value[]) => v.some((x) => !empty(x))),
    ternary: fn(['any', 'any', 'bool'], (vt: Value, vf: Value, v: boolean) => (v ? vt : vf)),
    fromJson: fn(['string'], (s: string) => {
      try {
        return readJson(s, { ints: false });
      } catch {
        return null;
      }
    }),
    mustFromJson: fn(['string'], decodeJson),
    toJson: fn(['any'], (v: Value) => toJsonOrEmpty(v, {})),
    mustToJson: fn(['any'], (v: Value) => mustJson(v, {})),
    toPrettyJson: fn(['any'], (v: Value) => toJsonOrEmpty(v, { indent: '  ' })),
    mustToPrettyJson: fn(['any'], (v: Value) => mustJson(v, { indent: '  ' })),
    toRawJson: fn(['any'], (v: Value) => toJsonOrEmpty(v, { escapeHTML: false })),
    mustToRawJson: fn(['any'], (v: Value) => mustJson(v, { escapeHTML: false })),
    typeOf: fn(['any'], (v: Value) => typeName(v)),
    typeIs: fn(['string', 'any'], (t: string, v: Value) => t === typeName(v)),
    typeIsLike: fn(['string', 'any'], (t: string, v: Value) => {
      const n = typeName(v);
      return t === n || `*${t}` === n;
    }),
    kindOf: fn(['any'], (v: Value) => kindName(v)),
    kindIs: fn(['string', 'any'], (t: string, v: Value) => t === kindName(v)),
    deepEqual: fn(['any', 'any'], deepEqual),
  };
}
