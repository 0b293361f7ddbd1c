/** sprig's arithmetic (numeric.go): int64 math through cast.ToInt64, float math through
 * shopspring/decimal (so `mulf 1.2 2.4 10 4` is 115.2, not 115.19999999999999). */
import { FuncError } from '../builtins.js';
import { formatFloat } from '../strconv.js';
import { type GoFunc, int64, type Value } from '../value.js';
import { castInt64, strval, toFloat64, toInt64 } from './convert.js';
import { fn, vfn } from './define.js';

/** A decimal: coef × 10^exp. */
interface Dec {
  coef: bigint;
  exp: number;
}

/** decimal.NewFromFloat: the shortest decimal that reads back as the float. */
function decFromFloat(f: number): Dec {
  if (!Number.isFinite(f)) throw new FuncError(`Cannot create a Decimal from ${formatFloat(f, 'g', -1)}`);
  if (f === 0) return { coef: 0n, exp: 0 };
  const s = f.toExponential();
  const [mant, e] = s.split('e');
  const digits = mant.replace('.', '').replace('-', '');
  const frac = mant.includes('.') ? mant.split('.')[1].length : 0;
  const coef = BigInt(digits) * (f < 0 ? -1n : 1n);
  return { coef, exp: Number(e) - frac };
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  if (a.exp === b.exp) return [a.coef, b.coef, a.exp];
  if (a.exp < b.exp) return [a.coef, b.coef * 10n ** BigInt(b.exp - a.exp), a.exp];
  return [a.coef * 10n ** BigInt(a.exp - b.exp), b.coef, b.exp];
}

const DIVISION_PRECISION = 16;

function decOp(a: Dec, b: Dec, op: 'add' | 'sub' | 'mul' | 'div'): Dec {
  switch (op) {
    case 'add': {
      const [x, y, e] = align(a, b);
      return { coef: x + y, exp: e };
    }
    case 'sub': {
      const [x, y, e] = align(a, b);
      return { coef: x - y, exp: e };
    }
    case 'mul':
      return { coef: a.coef * b.coef, exp: a.exp + b.exp };
    case 'div': {
      if (b.coef === 0n) throw new FuncError('decimal division by 0');
      // Quotient rounded half away from zero to DIVISION_PRECISION decimal places.
      const scale = DIVISION_PRECISION + 1;
      const num = a.coef * 10n ** BigInt(Math.max(0, scale - a.exp + b.exp));
      const shift = Math.max(0, scale - a.exp + b.exp);
      let q = num / b.coef; // exp: a.exp - shift - b.exp = -scale
      const e = a.exp - shift - b.exp;
      // round to -DIVISION_PRECISION
      const drop = -DIVISION_PRECISION - e;
      if (drop > 0) {
        const p = 10n ** BigInt(drop);
        const rem = q % p;
        q = q / p;
        const half = p / 2n;
        if (rem >= half) q += 1n;
        else if (rem <= -half) q -= 1n;
        return { coef: q, exp: e + drop };
      }
      return { coef: q, exp: e };
    }
  }
}

function decToFloat(d: Dec): number {
  return Number(`${d.coef}e${d.exp}`);
}

function execDecimalOp(a: Value, b: Value[], op: 'add' | 'sub' | 'mul' | 'div'): number {
  let prt = decFromFloat(toFloat64(a));
  for (const x of b) prt = decOp(prt, decFromFloat(toFloat64(x)), op);
  return decToFloat(prt);
}

function divInt(a: bigint, b: bigint, what: 'div' | 'mod'): bigint {
  if (b === 0n) throw new FuncError('runtime error: integer divide by zero');
  return what === 'div' ? a / b : a % b;
}

function round(a: Value, p: bigint, ...rOpt: number[]): number {
  const roundOn = rOpt.length > 0 ? rOpt[0] : 0.5;
  const val = toFloat64(a);
  const pow = 10 ** Number(p);
  const digit = pow * val;
  const div = digit - Math.trunc(digit);
  const r = div >= roundOn ? Math.ceil(digit) : Math.floor(digit);
  return r / pow;
}

export function numericFuncs(): Record<string, GoFunc> {
  const max = vfn(['any'], 'any', (a: Value, ...i: Value[]) => {
    let aa = toInt64(a);
    for (const b of i) {
      const bb = toInt64(b);
      if (bb > aa) aa = bb;
    }
    return int64(aa);
  });
  return {
    atoi: fn(['string'], (s: string) => {
      const r = /^[+-]?[0-9]+$/.test(s) ? BigInt(s) : 0n;
      return r > 2n ** 63n - 1n || r < -(2n ** 63n) ? 0n : r;
    }),
    int64: fn(['any'], (v: Value) => int64(toInt64(v))),
    int: fn(['any'], (v: Value) => castInt64(v) ?? 0n),
    float64: fn(['any'], toFloat64),
    toDecimal: fn(['any'], (v: Value) => {
      const s = strval(v);
      const r = /^[+-]?[0-7]+$/.test(s) ? BigInt(`0o${s.replace(/^[+-]/, '')}`) * (s.startsWith('-') ? -1n : 1n) : 0n;
      return int64(r);
    }),
    add1: fn(['any'], (i: Value) => int64(toInt64(i) + 1n)),
    add: vfn([], 'any', (...i: Value[]) => int64(i.reduce<bigint>((a, b) => a + toInt64(b), 0n))),
    sub: fn(['any', 'any'], (a: Value, b: Value) => int64(toInt64(a) - toInt64(b))),
    div: fn(['any', 'any'], (a: Value, b: Value) => int64(divInt(toInt64(a), toInt64(b), 'div'))),
    mod: fn(['any', 'any'], (a: Value, b: Value) => int64(divInt(toInt64(a), toInt64(b), 'mod'))),
    mul: vfn(['any'], 'any', (a: Value, ...v: Value[]) => int64(v.reduce<bigint>((x, b) => BigInt.asIntN(64, x * toInt64(b)), toInt64(a)))),
    randInt: fn(['int', 'int'], (min: bigint, max: bigint) => {
      if (max - min <= 0n) throw new FuncError('invalid argument to Intn');
      return min + BigInt(Math.floor(Math.random() * Number(max - min)));
    }),
    add1f: fn(['any'], (i: Value) => execDecimalOp(i, [1n], 'add')),
    addf: vfn([], 'any', (...i: Value[]) => execDecimalOp(0, i, 'add')),
    subf: vfn(['any'], 'any', (a: Value, ...v: Value[]) => execDecimalOp(a, v, 'sub')),
    divf: vfn(['any'], 'any', (a: Value, ...v: Value[]) => execDecimalOp(a, v, 'div')),
    mulf: vfn(['any'], 'any', (a: Value, ...v: Value[]) => execDecimalOp(a, v, 'mul')),
    biggest: max,
    max,
    min: vfn(['any'], 'any', (a: Value, ...i: Value[]) => {
      let aa = toInt64(a);
      for (const b of i) {
        const bb = toInt64(b);
        if (bb < aa) aa = bb;
      }
      return int64(aa);
    }),
    maxf: vfn(['any'], 'any', (a: Value, ...i: Value[]) => i.reduce<number>((x, b) => Math.max(x, toFloat64(b)), toFloat64(a))),
    minf: vfn(['any'], 'any', (a: Value, ...i: Value[]) => i.reduce<number>((x, b) => Math.min(x, toFloat64(b)), toFloat64(a))),
    ceil: fn(['any'], (a: Value) => Math.ceil(toFloat64(a))),
    floor: fn(['any'], (a: Value) => Math.floor(toFloat64(a))),
    round: vfn(['any', 'int'], 'float64', round),
  };
}
