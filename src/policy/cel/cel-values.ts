import { isCelList, isCelMap, isCelUint, type CelInput, type CelValue } from '@bufbuild/cel';
import { spend } from './cel-budget.js';

/**
 * A JSON value (a Kubernetes object) as CEL reads it, converted once and cached by identity:
 * - whole numbers become `int` (bigint), as Kubernetes' CEL reads integer fields; other numbers `double`;
 * - mappings become Maps that convert a field when it is read (the library would otherwise copy a plain
 *   object into a Map on every access; converting whole objects up front cost more than the evaluation);
 * - lists become lists whose every element read spends one unit of the evaluation's budget, so nested
 *   comprehensions over large lists are stopped (see cel-budget.ts). A subclass of Array, not a Proxy:
 *   a Proxy made a comprehension about four times slower.
 */
export function celInput(value: unknown): CelInput {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) ? BigInt(value) : value;
    case 'string':
    case 'boolean':
    case 'bigint':
      return value;
    case 'object':
      break;
    default:
      return null;
  }
  const cached = converted.get(value as object);
  if (cached !== undefined) return cached;
  let out: CelInput;
  if (value instanceof Uint8Array || isCelList(value) || isCelMap(value) || isCelUint(value) || value instanceof Map)
    out = value as CelInput;
  else if (Array.isArray(value)) out = meteredList(value.map(celInput));
  else out = new JsonMap(value as Record<string, unknown>);
  converted.set(value as object, out);
  return out;
}

const converted = new WeakMap<object, CelInput>();

function meteredList(items: CelInput[]): CelInput[] {
  const list = new MeteredList();
  for (const item of items) list.push(item);
  return list;
}

/** A JSON mapping read as a CEL map: each field converted on first read; a walk over it spends one unit per key. */
class JsonMap extends Map<string, CelInput> {
  constructor(private readonly source: Record<string, unknown>) {
    super();
  }
  override get size(): number {
    return Object.keys(this.source).length;
  }
  override get(key: string): CelInput | undefined {
    if (typeof key !== 'string' || !Object.hasOwn(this.source, key)) return undefined;
    const value = this.source[key];
    return value === undefined ? undefined : celInput(value);
  }
  override has(key: string): boolean {
    return typeof key === 'string' && Object.hasOwn(this.source, key) && this.source[key] !== undefined;
  }
  override *keys(): MapIterator<string> {
    for (const key of Object.keys(this.source)) {
      spend();
      yield key;
    }
  }
  override *values(): MapIterator<CelInput> {
    for (const key of this.keys()) yield celInput(this.source[key]);
  }
  override *entries(): MapIterator<[string, CelInput]> {
    for (const key of this.keys()) yield [key, celInput(this.source[key])];
  }
  override [Symbol.iterator](): MapIterator<[string, CelInput]> {
    return this.entries();
  }
  override forEach(callback: (value: CelInput, key: string, map: Map<string, CelInput>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
}

/** A list whose walk (what comprehensions and list functions do) spends one unit per element. */
class MeteredList extends Array<CelInput> {
  static override get [Symbol.species]() {
    return Array;
  }
  override *values(): ArrayIterator<CelInput> {
    for (let i = 0; i < this.length; i++) {
      spend();
      yield this[i];
    }
  }
  override [Symbol.iterator]() {
    return this.values();
  }
}

/** A CEL result as plain JSON-like JavaScript: int and uint as numbers (bigint past 2^53), lists as arrays, maps as objects. */
export function fromCel(value: CelValue | unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value;
  if (typeof value !== 'object') return value;
  if (isCelUint(value)) return fromCel(value.value);
  if (isCelList(value)) return [...value].map(fromCel);
  if (isCelMap(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) out[String(fromCel(k))] = fromCel(v);
    return out;
  }
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) out[String(k)] = fromCel(v);
    return out;
  }
  if (Array.isArray(value)) return value.map(fromCel);
  return value;
}
