/**
 * The value model: how Go values that matter to templates are held in JavaScript.
 *
 * | Go                                   | JavaScript                                   |
 * |--------------------------------------|----------------------------------------------|
 * | invalid reflect.Value ("no value")   | `undefined`                                  |
 * | nil interface{}                      | `null`                                       |
 * | bool, string                         | `boolean`, `string`                          |
 * | int (64-bit)                         | `bigint` (kept in int64 range)               |
 * | float64                              | `number`                                     |
 * | int64, uint8, uint32, ... (sized)    | {@link TypedInt}                             |
 * | complex128                           | {@link GoComplex}                            |
 * | []interface{} (and []string, ...)    | `Value[]` (element type in {@link ELEM})     |
 * | map[string]interface{}               | `Map<string, Value>`                         |
 * | structs, time.Time, Duration, ...    | a {@link GoObject}                           |
 *
 * Sized ints and typed slices exist because Go templates print them the same but type-check them
 * differently (`trunc` wants an `int`; `add` returns `int64`).
 */

export type GoMap = Map<string, Value>;
export type Value = undefined | null | boolean | string | bigint | number | Value[] | GoMap | GoObject;

/** A Go function or method as the executor calls it: typed parameters, checked as Go's reflection checks them. */
export type ParamType =
  | 'any' // interface{}
  | 'value' // reflect.Value: receives `undefined` too
  | 'string'
  | 'int'
  | 'int64'
  | 'uint32'
  | 'float64'
  | 'bool'
  | 'map' // map[string]interface{}
  | 'list' // []interface{}
  | 'time'; // time.Time

export interface GoFunc {
  readonly params: readonly ParamType[];
  /** Element type of a trailing `...T` parameter. */
  readonly variadic?: ParamType;
  // biome-ignore lint/suspicious/noExplicitAny: each function declares its own parameter types
  readonly fn: (...args: any[]) => Value;
  /** The Go builtins `and`/`or` get their arguments lazily; `call` gets the callee's name first. */
  readonly special?: 'and' | 'or' | 'call';
}

/** Any non-primitive Go value that is not a map or a slice. */
export abstract class GoObject {
  /** The Go type as `%T` prints it: `int64`, `time.Time`, `*semver.Version`. */
  abstract get goType(): string;
  /** The reflect kind as sprig's kindOf prints it: `int64`, `struct`, `ptr`. */
  abstract get kind(): string;
  /** A field of a struct, or NO_FIELD. */
  field(_name: string): Value | typeof NO_FIELD {
    return NO_FIELD;
  }
  /** A method, bound to this value. */
  method(_name: string): GoFunc | undefined {
    return undefined;
  }
  /** The value's String() (fmt.Stringer) or Error(), when it has one. */
  stringer(): string | undefined {
    return undefined;
  }
  /** How %v prints it when it has no String method (e.g. `{1 2}` for a struct). */
  formatPlain(): string {
    return `{${this.goType}}`;
  }
  /** Truth in if/with: structs are always true, numbers are true when non-zero. */
  truth(): boolean {
    return true;
  }
}

export const NO_FIELD: unique symbol = Symbol('no field');

/** Element type of a typed slice (`[]string`, `[]int`); absent means []interface{}. */
export const ELEM: unique symbol = Symbol('slice element type');
export type TypedArray = Value[] & { [ELEM]?: string };

export function typedArray(elem: string, items: Value[]): Value[] {
  (items as TypedArray)[ELEM] = elem;
  return items;
}

const INT_TYPES = new Set(['int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr']);

/** A sized or unsigned Go integer (int64 from sprig's math, uint8 from indexing a string). */
export class TypedInt extends GoObject {
  constructor(
    readonly type: string,
    readonly value: bigint,
  ) {
    super();
    if (!INT_TYPES.has(type)) throw new Error(`internal: not a sized int type: ${type}`);
  }
  get goType(): string {
    return this.type;
  }
  get kind(): string {
    return this.type;
  }
  get unsigned(): boolean {
    return this.type.startsWith('u');
  }
  override formatPlain(): string {
    return this.value.toString();
  }
  override truth(): boolean {
    return this.value !== 0n;
  }
}

export function int64(v: bigint): TypedInt {
  return new TypedInt('int64', BigInt.asIntN(64, v));
}

/** A float32; printed with float32 precision. */
export class Float32 extends GoObject {
  constructor(readonly value: number) {
    super();
  }
  get goType(): string {
    return 'float32';
  }
  get kind(): string {
    return 'float32';
  }
  override truth(): boolean {
    return this.value !== 0;
  }
}

export class GoComplex extends GoObject {
  constructor(
    readonly re: number,
    readonly im: number,
  ) {
    super();
  }
  get goType(): string {
    return 'complex128';
  }
  get kind(): string {
    return 'complex128';
  }
  override truth(): boolean {
    return this.re !== 0 || this.im !== 0;
  }
}

/** A generic struct (or pointer to struct) with exported fields and methods: how a caller exposes Go structs. */
export class GoStruct extends GoObject {
  constructor(
    readonly typeName: string,
    readonly fields: Record<string, Value>,
    readonly methods: Record<string, GoFunc> = {},
    readonly fieldOrder: readonly string[] = Object.keys(fields),
  ) {
    super();
  }
  get goType(): string {
    return this.typeName;
  }
  get kind(): string {
    return this.typeName.startsWith('*') ? 'ptr' : 'struct';
  }
  override field(name: string): Value | typeof NO_FIELD {
    return Object.hasOwn(this.fields, name) ? this.fields[name] : NO_FIELD;
  }
  override method(name: string): GoFunc | undefined {
    return Object.hasOwn(this.methods, name) ? this.methods[name] : undefined;
  }
}

/**
 * A named map type with methods (Helm's chartutil.Values: AsMap, YAML, Table, ...). It is a Map
 * everywhere (printing, ranging, functions); as in Go, `.Name` calls a method before looking up a key.
 */
export class GoNamedMap extends Map<string, Value> {
  constructor(
    readonly typeName: string,
    entries: Iterable<readonly [string, Value]> = [],
    private readonly methods: (self: GoNamedMap) => Record<string, GoFunc> = () => ({}),
  ) {
    super(entries);
  }
  method(name: string): GoFunc | undefined {
    const m = this.methods(this);
    return Object.hasOwn(m, name) ? m[name] : undefined;
  }
}

export const MIN_INT64 = -(2n ** 63n);
export const MAX_INT64 = 2n ** 63n - 1n;

export function isMap(v: Value): v is GoMap {
  return v instanceof Map;
}

export type BasicKind = 'invalid' | 'bool' | 'int' | 'uint' | 'float' | 'complex' | 'string' | 'other';

/** text/template's basicKind: the class a value compares in. */
export function basicKind(v: Value): BasicKind {
  switch (typeof v) {
    case 'undefined':
      return 'invalid';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
  }
  if (v === null) return 'invalid';
  if (v instanceof TypedInt) return v.unsigned ? 'uint' : 'int';
  if (v instanceof Float32) return 'float';
  if (v instanceof GoComplex) return 'complex';
  return 'other';
}

/** The integer value of an int or uint kind value. */
export function intValue(v: Value): bigint {
  if (typeof v === 'bigint') return v;
  if (v instanceof TypedInt) return v.value;
  throw new Error('internal: not an integer');
}

export function floatValue(v: Value): number {
  if (typeof v === 'number') return v;
  if (v instanceof Float32) return v.value;
  throw new Error('internal: not a float');
}

/** Go's %T of a value, and the type named in reflection errors. */
export function typeName(v: Value): string {
  switch (typeof v) {
    case 'undefined':
      return '<nil>';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float64';
  }
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return `[]${(v as TypedArray)[ELEM] ?? 'interface {}'}`;
  if (v instanceof GoNamedMap) return v.typeName;
  if (v instanceof Map) return 'map[string]interface {}';
  return v.goType;
}

/** reflect.Kind as sprig's kindOf prints it. */
export function kindName(v: Value): string {
  switch (typeof v) {
    case 'undefined':
      return 'invalid';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float64';
  }
  if (v === null) return 'invalid';
  if (Array.isArray(v)) return 'slice';
  if (v instanceof Map) return 'map';
  return v.kind;
}

/** text/template's isTrue. Returns undefined when the value has no truth (never, for our types). */
export function isTrue(v: Value): boolean {
  switch (typeof v) {
    case 'undefined':
      return false;
    case 'boolean':
      return v;
    case 'string':
      return v.length > 0;
    case 'bigint':
      return v !== 0n;
    case 'number':
      return v !== 0;
  }
  if (v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  return v.truth();
}

/** Sorted keys of a map, as Go's fmt and range see them. */
export function sortedKeys(m: GoMap): string[] {
  const keys = [...m.keys()];
  if (keys.length > 1) keys.sort(compareStrings);
  return keys;
}

/** Byte-wise (UTF-8) string order, as Go compares strings. */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (U+10000 and up) sort after U+E000-U+FFFF in UTF-8 but before them in UTF-16.
      if (x >= 0xd800 && x <= 0xdfff && y >= 0xe000) return 1;
      if (y >= 0xd800 && y <= 0xdfff && x >= 0xe000) return -1;
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length;
}
