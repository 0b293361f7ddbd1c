/**
 * text/template's builtin functions (funcs.go): and, or, not, len, index, slice, call, print,
 * printf, println, html, js, urlquery and the comparisons eq, ne, lt, le, gt, ge.
 */
import { formatValue, sprint, sprintf, sprintln } from './fmt.js';
import { basicKind, ELEM, floatValue, type GoFunc, intValue, isTrue, type TypedArray, TypedInt, typeName, type Value } from './value.js';

export class FuncError extends Error {}

const utf8 = new TextEncoder();
const utf8dec = new TextDecoder();

export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** len(s) in Go: bytes of UTF-8. */
export function byteLength(s: string): number {
  return isAscii(s) ? s.length : utf8.encode(s).length;
}

/** s[i:j] in Go (byte offsets). */
export function byteSlice(s: string, i: number, j: number): string {
  if (isAscii(s)) return s.slice(i, j);
  return utf8dec.decode(utf8.encode(s).subarray(i, j));
}

function indexArg(index: Value, cap: number): number {
  let x: bigint;
  if (typeof index === 'bigint' || index instanceof TypedInt) x = intValue(index);
  else if (index === undefined || index === null) throw new FuncError('cannot index slice/array with nil');
  else throw new FuncError(`cannot index slice/array with type ${typeName(index)}`);
  if (x < 0n || x > BigInt(cap)) throw new FuncError(`index out of range: ${x}`);
  return Number(x);
}

function index(item: Value, ...indexes: Value[]): Value {
  if (item === undefined || item === null) throw new FuncError('index of untyped nil');
  for (const idx of indexes) {
    if (item === null || item === undefined) throw new FuncError('index of nil pointer');
    if (Array.isArray(item)) {
      const x = indexArg(idx, item.length);
      if (x === item.length) throw new FuncError(`index out of range: ${x}`);
      item = item[x] ?? null;
    } else if (typeof item === 'string') {
      const len = byteLength(item);
      const x = indexArg(idx, len);
      if (x === len) throw new FuncError(`index out of range: ${x}`);
      item = new TypedInt('uint8', BigInt(isAscii(item) ? item.charCodeAt(x) : utf8.encode(item)[x]));
    } else if (item instanceof Map) {
      if (idx === undefined || idx === null) throw new FuncError('value is nil; should be of type string');
      else if (typeof idx !== 'string') throw new FuncError(`value has type ${typeName(idx)}; should be string`);
      else {
        const v = item.get(idx);
        item = v === undefined ? null : v;
      }
    } else throw new FuncError(`can't index item of type ${typeName(item)}`);
  }
  return item;
}

function slice(item: Value, ...indexes: Value[]): Value {
  if (item === undefined || item === null) throw new FuncError('slice of untyped nil');
  if (indexes.length > 3) throw new FuncError(`too many slice indexes: ${indexes.length}`);
  let cap: number;
  if (typeof item === 'string') {
    if (indexes.length === 3) throw new FuncError('cannot 3-index slice a string');
    cap = byteLength(item);
  } else if (Array.isArray(item)) cap = item.length;
  else throw new FuncError(`can't slice item of type ${typeName(item)}`);
  const idx = [0, cap, 0];
  indexes.forEach((x, i) => {
    idx[i] = indexArg(x, cap);
  });
  if (idx[0] > idx[1]) throw new FuncError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2]) throw new FuncError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (typeof item === 'string') return byteSlice(item, idx[0], idx[1]);
  const out = item.slice(idx[0], idx[1]);
  copyElemType(item, out);
  return out;
}

export function copyElemType(from: Value[], to: Value[]): void {
  const t = (from as TypedArray)[ELEM];
  if (t !== undefined) (to as TypedArray)[ELEM] = t;
}

function length(item: Value): bigint {
  if (item === null) throw new FuncError('len of nil pointer');
  if (typeof item === 'string') return BigInt(byteLength(item));
  if (Array.isArray(item)) return BigInt(item.length);
  if (item instanceof Map) return BigInt(item.size);
  throw new FuncError(`len of type ${item === undefined ? '<nil>' : typeName(item)}`);
}

const ERR_BAD_TYPE = 'invalid type for comparison';
const ERR_BAD_COMPARISON = 'incompatible types for comparison';

function isNil(v: Value): boolean {
  return v === undefined || v === null;
}

export function eq(arg1: Value, ...arg2: Value[]): boolean {
  if (arg2.length === 0) throw new FuncError('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (const arg of arg2) {
    const k2 = basicKind(arg);
    let truth = false;
    if (k1 !== k2) {
      if (k1 === 'int' && k2 === 'uint') truth = intValue(arg1) >= 0n && intValue(arg1) === intValue(arg);
      else if (k1 === 'uint' && k2 === 'int') truth = intValue(arg) >= 0n && intValue(arg1) === intValue(arg);
      else if (!isNil(arg1) && !isNil(arg)) throw new FuncError(ERR_BAD_COMPARISON);
    } else {
      switch (k1) {
        case 'bool':
        case 'string':
          truth = arg1 === arg;
          break;
        case 'int':
        case 'uint':
          truth = intValue(arg1) === intValue(arg);
          break;
        case 'float':
          truth = floatValue(arg1) === floatValue(arg);
          break;
        case 'complex': {
          const a = arg1 as unknown as { re: number; im: number };
          const b = arg as unknown as { re: number; im: number };
          truth = a.re === b.re && a.im === b.im;
          break;
        }
        default:
          if (isNil(arg1) || isNil(arg)) truth = isNil(arg1) === isNil(arg);
          else if (arg1 instanceof Map || Array.isArray(arg1) || arg instanceof Map || Array.isArray(arg)) {
            if (typeName(arg1) !== typeName(arg))
              throw new FuncError(`non-comparable types ${formatValue(arg1)}: ${typeName(arg1)}, ${typeName(arg)}: ${formatValue(arg)}`);
            throw new FuncError(`non-comparable type ${formatValue(arg)}: ${typeName(arg)}`);
          } else truth = arg1 === arg || (typeName(arg1) === typeName(arg) && formatValue(arg1) === formatValue(arg));
      }
    }
    if (truth) return true;
  }
  return false;
}

export function lt(arg1: Value, arg2: Value): boolean {
  const k1 = basicKind(arg1);
  if (k1 === 'other' || k1 === 'invalid') throw new FuncError(ERR_BAD_TYPE);
  const k2 = basicKind(arg2);
  if (k2 === 'other' || k2 === 'invalid') throw new FuncError(ERR_BAD_TYPE);
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') return intValue(arg1) < 0n || intValue(arg1) < intValue(arg2);
    if (k1 === 'uint' && k2 === 'int') return intValue(arg2) >= 0n && intValue(arg1) < intValue(arg2);
    throw new FuncError(ERR_BAD_COMPARISON);
  }
  switch (k1) {
    case 'bool':
    case 'complex':
      throw new FuncError(ERR_BAD_TYPE);
    case 'float':
      return floatValue(arg1) < floatValue(arg2);
    case 'int':
    case 'uint':
      return intValue(arg1) < intValue(arg2);
    default:
      return compareBytes(arg1 as string, arg2 as string) < 0;
  }
}

function compareBytes(a: string, b: string): number {
  if (isAscii(a) && isAscii(b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

function le(a: Value, b: Value): boolean {
  return lt(a, b) || eq(a, b);
}

/** template.HTMLEscapeString */
export function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => {
    switch (c) {
      case '\0':
        return '\uFFFD';
      case '"':
        return '&#34;';
      case "'":
        return '&#39;';
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      default:
        return '&gt;';
    }
  });
}

/** template.JSEscapeString */
export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '\\':
        out += '\\\\';
        continue;
      case "'":
        out += "\\'";
        continue;
      case '"':
        out += '\\"';
        continue;
      case '<':
        out += '\\u003C';
        continue;
      case '>':
        out += '\\u003E';
        continue;
      case '&':
        out += '\\u0026';
        continue;
      case '=':
        out += '\\u003D';
        continue;
    }
    if (c < 0x20) out += `\\u00${c.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (c < 0x80) out += ch;
    else if (/^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch) || c === 0x20) out += ch;
    else out += `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return out;
}

/** url.QueryEscape */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of utf8.encode(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** text/template's evalArgs: one string as is, else fmt.Sprint with nil printed as <no value>. */
function evalArgs(args: Value[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (a === null || a === undefined ? '<no value>' : a)));
}

function call(name: string, fn: Value, ..._args: Value[]): Value {
  if (fn === undefined || fn === null) throw new FuncError('call of nil');
  throw new FuncError(`non-function ${name} of type ${typeName(fn)}`);
}

export const BUILTINS: Record<string, GoFunc> = {
  and: { params: ['value'], variadic: 'value', fn: () => undefined, special: 'and' },
  or: { params: ['value'], variadic: 'value', fn: () => undefined, special: 'or' },
  not: { params: ['value'], fn: (v: Value) => !isTrue(v) },
  call: { params: ['value'], variadic: 'value', fn: call, special: 'call' },
  html: { params: [], variadic: 'any', fn: (...a: Value[]) => htmlEscape(evalArgs(a)) },
  js: { params: [], variadic: 'any', fn: (...a: Value[]) => jsEscape(evalArgs(a)) },
  urlquery: { params: [], variadic: 'any', fn: (...a: Value[]) => queryEscape(evalArgs(a)) },
  index: { params: ['value'], variadic: 'value', fn: index },
  slice: { params: ['value'], variadic: 'value', fn: slice },
  len: { params: ['value'], fn: length },
  print: { params: [], variadic: 'any', fn: (...a: Value[]) => sprint(a) },
  printf: { params: ['string'], variadic: 'any', fn: (f: string, ...a: Value[]) => sprintf(f, a) },
  println: { params: [], variadic: 'any', fn: (...a: Value[]) => sprintln(a) },
  eq: { params: ['value'], variadic: 'value', fn: eq },
  ne: { params: ['value', 'value'], fn: (a: Value, b: Value) => !eq(a, b) },
  lt: { params: ['value', 'value'], fn: lt },
  le: { params: ['value', 'value'], fn: le },
  gt: { params: ['value', 'value'], fn: (a: Value, b: Value) => !le(a, b) },
  ge: { params: ['value', 'value'], fn: (a: Value, b: Value) => !lt(a, b) },
};
