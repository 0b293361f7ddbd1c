import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatGoFloat, parseGoBool, parseGoInt } from './go-scalars.js';

test("formatGoFloat writes what Go's strconv.FormatFloat(f, 'f', -1, 64) writes", () => {
  const cases: Array<[number, string]> = [
    [1234568000, '1234568000'],
    [0.5, '0.5'],
    [1e21, '1000000000000000000000'],
    [1.5e-7, '0.00000015'],
    [-2.5e22, '-25000000000000000000000'],
    [-0, '-0'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NaN, 'NaN'],
  ];
  for (const [f, want] of cases) assert.equal(formatGoFloat(f), want, String(f));
});

test('parseGoInt and parseGoBool accept what strconv.Atoi and strconv.ParseBool accept', () => {
  assert.equal(parseGoInt('+42'), 42);
  assert.equal(parseGoInt('-007'), -7);
  assert.equal(parseGoInt('9223372036854775807'), 9223372036854775807n);
  assert.equal(parseGoInt('9223372036854775808'), undefined);
  assert.equal(parseGoInt('1.0'), undefined);
  assert.deepEqual(['1', 't', 'TRUE', 'True', '0', 'f', 'False', 'yes'].map(parseGoBool), [
    true,
    true,
    true,
    true,
    false,
    false,
    false,
    undefined,
  ]);
});
