import { celMethod, CelScalar, isCelUint, listType, type CelFunc, type CelList, type CelValue } from '@bufbuild/cel';
import { equals } from './cel-equals.js';
import { spend } from './cel-budget.js';

const LIST = listType(CelScalar.DYN);
const { DYN, BOOL, INT } = CelScalar;

/**
 * Kubernetes' CEL list library (`k8s.io/apiserver/pkg/cel/library/lists.go`): `isSorted()`, `sum()`,
 * `min()`, `max()`, `indexOf(x)`, `lastIndexOf(x)` on lists of comparable values.
 */
export const k8sLists: CelFunc[] = [
  celMethod('isSorted', LIST, [], BOOL, function (this: CelList) {
    const items = elements(this);
    for (let i = 1; i < items.length; i++) if (compare(items[i - 1], items[i]) > 0) return false;
    return true;
  }),
  celMethod('sum', LIST, [], DYN, function (this: CelList) {
    const items = elements(this);
    if (items.length === 0) return 0n;
    let total = items[0];
    for (const item of items.slice(1)) total = add(total, item);
    return total;
  }),
  celMethod('min', LIST, [], DYN, function (this: CelList) {
    return extreme(this, -1);
  }),
  celMethod('max', LIST, [], DYN, function (this: CelList) {
    return extreme(this, 1);
  }),
  celMethod('indexOf', LIST, [DYN], INT, function (this: CelList, x: CelValue) {
    return BigInt(elements(this).findIndex((item) => equals(item, x)));
  }),
  celMethod('lastIndexOf', LIST, [DYN], INT, function (this: CelList, x: CelValue) {
    const items = elements(this);
    for (let i = items.length - 1; i >= 0; i--) if (equals(items[i], x)) return BigInt(i);
    return -1n;
  }),
];

function elements(list: CelList): CelValue[] {
  spend(list.size);
  return [...list];
}

function extreme(list: CelList, sign: 1 | -1): CelValue {
  const items = elements(list);
  if (items.length === 0) throw new Error(`${sign > 0 ? 'max' : 'min'}() called on an empty list`);
  let best = items[0];
  for (const item of items.slice(1)) if (compare(item, best) * sign > 0) best = item;
  return best;
}

type Scalar = bigint | number | string | boolean;

function scalar(value: CelValue): Scalar {
  if (isCelUint(value)) return value.value;
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  throw new Error(`no ordering for a value of type ${describe(value)}`);
}

function compare(a: CelValue, b: CelValue): number {
  const x = scalar(a);
  const y = scalar(b);
  if (typeof x === 'string' || typeof y === 'string' || typeof x === 'boolean' || typeof y === 'boolean') {
    if (typeof x !== typeof y) throw new Error(`cannot compare ${typeof x} with ${typeof y}`);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return x < y ? -1 : x > y ? 1 : 0; // bigint and number compare across types in JavaScript
}

function add(a: CelValue, b: CelValue): CelValue {
  const x = scalar(a);
  const y = scalar(b);
  if (typeof x === 'bigint' && typeof y === 'bigint') return x + y;
  if (typeof x === 'number' && typeof y === 'number') return x + y;
  throw new Error(`sum() of mixed or non-numeric elements (${typeof x} and ${typeof y})`);
}

function describe(value: CelValue): string {
  return value === null ? 'null' : typeof value;
}
