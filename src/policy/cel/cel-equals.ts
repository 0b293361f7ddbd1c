import { isCelList, isCelMap, isCelUint, type CelValue } from '@bufbuild/cel';

/** CEL equality of two values as the list functions need it (numbers equal across int, uint and double). */
export function equals(a: CelValue, b: CelValue): boolean {
  const x = isCelUint(a) ? a.value : a;
  const y = isCelUint(b) ? b.value : b;
  if ((typeof x === 'bigint' || typeof x === 'number') && (typeof y === 'bigint' || typeof y === 'number'))
    return typeof x === typeof y ? x === y : Number(x) === Number(y);
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return x === y;
  if (isCelList(x) && isCelList(y)) {
    if (x.size !== y.size) return false;
    for (let i = 0; i < x.size; i++) if (!equals(x.get(i) as CelValue, y.get(i) as CelValue)) return false;
    return true;
  }
  if (isCelMap(x) && isCelMap(y)) {
    if (x.size !== y.size) return false;
    for (const [k, v] of x) if (!y.has(k) || !equals(v, y.get(k) as CelValue)) return false;
    return true;
  }
  return false;
}
