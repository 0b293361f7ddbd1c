import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatValue, sprint, sprintf, sprintln } from './fmt.js';
import { GoComplex, int64, type Value } from './value.js';

const m = (o: Record<string, Value>) => new Map(Object.entries(o));

describe('printf formats as Go does', () => {
  const cases: [string, Value[], string][] = [
    ['%d', [42n], '42'],
    ['%5d|%-5d|%05d', [42n, 42n, -42n], '   42|42   |-0042'],
    ['%x %X %o %O %b %#x', [255n, 255n, 8n, 8n, 5n, 255n], 'ff FF 10 0o10 101 0xff'],
    ['%c %q %U %#U', [65n, 65n, 0x1f600n, 65n], "A 'A' U+1F600 U+0041 'A'"],
    ['%s %q %x', ['hi', 'a"b', 'hi'], 'hi "a\\"b" 6869'],
    ['%v %v %v', [1.5, 1e6, 1e21], '1.5 1e+06 1e+21'],
    ['%f %.2f %e %E %g %G', [3.14159, 2.675, 1234.5678, 0.000123, 100000.0, 1e-7], '3.141590 2.67 1.234568e+03 1.230000E-04 100000 1E-07'],
    ['%.0f %.0f %.1f', [0.5, 1.5, 0.25], '0 2 0.2'],
    ['%8.3f|%-8.3f|%+.1e', [3.14159, 3.14159, 12345.0], '   3.142|3.142   |+1.2e+04'],
    ['%t %v', [true, false], 'true false'],
    ['%v %v', [[1n, 'a', null], m({ b: 2n, a: 1n })], '[1 a <nil>] map[a:1 b:2]'],
    ['%T %T %T %T %T', [1n, 1.0, 'x', [1n], int64(1n)], 'int float64 string []interface {} int64'],
    ['%d', ['x'], '%!d(string=x)'],
    ['%d %d', [1n], '1 %!d(MISSING)'],
    ['%d', [1n, 2n], '1%!(EXTRA int=2)'],
    ['%', [], '%!(NOVERB)'],
    ['%!', [], '%!!(MISSING)'],
    ['%[2]d %[1]d', [1n, 2n], '2 1'],
    ['%*d|%.*f', [4n, 7n, 2n, 3.14159], '   7|3.14'],
    ['%v', [new GoComplex(1, -2)], '(1-2i)'],
    ['%s', [null], '%!s(<nil>)'],
    ['%v %d', [null, [1n, 2n]], '<nil> [1 2]'],
    ['%6.2v|%-4s|', [3.14159, 'ab'], '   3.1|ab  |'],
    ['%%', [], '%'],
  ];
  for (const [f, args, want] of cases)
    test(`${f} of ${JSON.stringify(args, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`, () => assert.equal(sprintf(f, args), want));
});

describe('print and println', () => {
  test('print puts spaces only between operands that are not strings', () => assert.equal(sprint([1n, 2n, 'a', 'b', 3n]), '1 2ab3'));
  test('println puts spaces between all operands and ends the line', () => assert.equal(sprintln(['a', 1n]), 'a 1\n'));
  test('floats print in shortest form with exponents from 1e21 (%v)', () => {
    assert.equal(formatValue(8080), '8080');
    assert.equal(formatValue(123456789), '1.23456789e+08');
    assert.equal(formatValue(0.1), '0.1');
    assert.equal(formatValue(0.00001), '1e-05');
  });
});
