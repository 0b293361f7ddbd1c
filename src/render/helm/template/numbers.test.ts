/**
 * Number literals are classified as Go classifies them (parse_test.go's numberTests, read from the
 * corpus's gotemplate/numbers.json; skipped with a message when the corpus is absent).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { classifyNumber } from './parse.js';
import { formatFloat } from './strconv.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const corpus = process.env.TIDEWAY_HELM_CONFORMANCE ?? path.resolve(repo, '../shared/conformance/helm');
const file = path.join(corpus, 'gotemplate/numbers.json');

interface NumberCase {
  text: string;
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  isComplex: boolean;
  int64: number;
  uint64: number;
  float64: string;
  complex128: [string, string];
}

const kindOf = (text: string) =>
  text.startsWith("'") ? 'char' : /^[+-]?[0-9.]+(?:[eE][+-]?\d+)?[+-][0-9.]+(?:[eE][+-]?\d+)?i$/.test(text) ? 'complex' : 'number';

describe('number literals', () => {
  if (!existsSync(file)) {
    test('numbers.json is present', (t) => {
      if (process.env.CI) assert.fail(`corpus not found at ${corpus}`);
      t.skip(`corpus not found at ${corpus} (set TIDEWAY_HELM_CONFORMANCE)`);
    });
    return;
  }
  const cases = (JSON.parse(readFileSync(file, 'utf8')) as { cases: NumberCase[] }).cases;
  for (const c of cases) {
    const ok = c.isInt || c.isUint || c.isFloat || c.isComplex;
    test(`${c.text} is ${ok ? [c.isInt && 'int', c.isUint && 'uint', c.isFloat && 'float', c.isComplex && 'complex'].filter(Boolean).join('+') : 'an error'}`, () => {
      const r = classifyNumber(c.text, kindOf(c.text));
      if (!ok) {
        assert.equal(typeof r, 'string', 'a syntax error');
        return;
      }
      assert.notEqual(typeof r, 'string', String(r));
      if (typeof r === 'string') return;
      assert.deepEqual([r.isInt, r.isUint, r.isFloat, r.isComplex], [c.isInt, c.isUint, c.isFloat, c.isComplex]);
      if (c.isInt) assert.equal(r.int64, BigInt(c.int64));
      if (c.isUint) assert.equal(r.uint64, BigInt(c.uint64));
      if (c.isFloat) assert.equal(formatFloat(r.float64, 'g', -1), c.float64);
      if (c.isComplex)
        assert.deepEqual(
          r.complex.map((x) => formatFloat(x, 'g', -1)),
          c.complex128,
        );
    });
  }
});
