import { celFunc, celMethod, CelScalar, isCelMap, mapType, type CelFunc, type CelMap, type CelValue } from '@bufbuild/cel';

const { STRING, BOOL, INT, DOUBLE, DYN } = CelScalar;
/** A quantity value is a map holding its text under this key (the library has no custom value types without protobuf). */
const QUANTITY_KEY = '\u0000quantity';
const QUANTITY = mapType(STRING, DYN);

/** A quantity exactly: mantissa × 10^exponent. */
interface Exact {
  m: bigint;
  e: number;
}

const BINARY: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const SYNTAX = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;

/** Parses a Kubernetes quantity (`500m`, `1.5Gi`, `2e3`, `-1`); undefined when it is not one. */
export function parseQuantity(text: string): Exact | undefined {
  const match = SYNTAX.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '') || text.length > 64) return undefined;
  const [, sign, whole, fraction = '', suffix = ''] = match;
  let m = BigInt(`${whole}${fraction}` || '0');
  let e = -fraction.length;
  if (suffix in BINARY) m *= BINARY[suffix];
  else if (suffix in DECIMAL) e += DECIMAL[suffix];
  else e += Number(suffix.slice(1));
  if (Math.abs(e) > 1000) return undefined;
  return { m: sign === '-' ? -m : m, e };
}

function compare(a: Exact, b: Exact): number {
  const e = Math.min(a.e, b.e);
  const x = a.m * 10n ** BigInt(a.e - e);
  const y = b.m * 10n ** BigInt(b.e - e);
  return x < y ? -1 : x > y ? 1 : 0;
}

function sum(a: Exact, b: Exact, sign: 1n | -1n): Exact {
  const e = Math.min(a.e, b.e);
  return { m: a.m * 10n ** BigInt(a.e - e) + sign * b.m * 10n ** BigInt(b.e - e), e };
}

function integerOf(q: Exact): bigint | undefined {
  if (q.e >= 0) return q.m * 10n ** BigInt(q.e);
  const d = 10n ** BigInt(-q.e);
  return q.m % d === 0n ? q.m / d : undefined;
}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

function quantityValue(q: Exact): Map<string, string> {
  return new Map([[QUANTITY_KEY, `${q.m}e${q.e}`]]);
}

function exactOf(value: CelMap | CelValue): Exact {
  const text = isCelMap(value) ? value.get(QUANTITY_KEY) : undefined;
  const q = typeof text === 'string' ? parseQuantity(text) : undefined;
  if (!q) throw new Error('not a quantity value (make one with quantity("..."))');
  return q;
}

function operand(value: CelValue): Exact {
  return typeof value === 'bigint' ? { m: value, e: 0 } : exactOf(value);
}

/**
 * Kubernetes' CEL quantity library (`library/quantity.go`): `quantity(s)`, `isQuantity(s)`, and
 * `isInteger()`, `asInteger()`, `asApproximateFloat()`, `sign()`, `isGreaterThan(q)`, `isLessThan(q)`,
 * `compareTo(q)`, `add(q | int)`, `sub(q | int)`. Arithmetic and comparisons are exact.
 */
export const k8sQuantity: CelFunc[] = [
  celFunc('quantity', [STRING], QUANTITY, (text: string) => {
    const q = parseQuantity(text);
    if (!q)
      throw new Error(
        `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': ${JSON.stringify(text)}`,
      );
    return new Map([[QUANTITY_KEY, text]]);
  }),
  celFunc('isQuantity', [STRING], BOOL, (text: string) => parseQuantity(text) !== undefined),
  celMethod('isInteger', QUANTITY, [], BOOL, function (this: CelMap) {
    const i = integerOf(exactOf(this));
    return i !== undefined && i <= INT64_MAX && i >= INT64_MIN;
  }),
  celMethod('asInteger', QUANTITY, [], INT, function (this: CelMap) {
    const i = integerOf(exactOf(this));
    if (i === undefined || i > INT64_MAX || i < INT64_MIN) throw new Error('cannot convert value to integer');
    return i;
  }),
  celMethod('asApproximateFloat', QUANTITY, [], DOUBLE, function (this: CelMap) {
    const q = exactOf(this);
    return Number(q.m) * 10 ** q.e;
  }),
  celMethod('sign', QUANTITY, [], INT, function (this: CelMap) {
    const { m } = exactOf(this);
    return m > 0n ? 1n : m < 0n ? -1n : 0n;
  }),
  celMethod('isGreaterThan', QUANTITY, [QUANTITY], BOOL, function (this: CelMap, other: CelMap) {
    return compare(exactOf(this), exactOf(other)) > 0;
  }),
  celMethod('isLessThan', QUANTITY, [QUANTITY], BOOL, function (this: CelMap, other: CelMap) {
    return compare(exactOf(this), exactOf(other)) < 0;
  }),
  celMethod('compareTo', QUANTITY, [QUANTITY], INT, function (this: CelMap, other: CelMap) {
    return BigInt(compare(exactOf(this), exactOf(other)));
  }),
  celMethod('add', QUANTITY, [DYN], QUANTITY, function (this: CelMap, other: CelValue) {
    return quantityValue(sum(exactOf(this), operand(other), 1n));
  }),
  celMethod('sub', QUANTITY, [DYN], QUANTITY, function (this: CelMap, other: CelValue) {
    return quantityValue(sum(exactOf(this), operand(other), -1n));
  }),
];
