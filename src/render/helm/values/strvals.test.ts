import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSetInto, parseSetJsonInto, parseSetStringInto, StrvalsError } from './strvals.js';

const parse = (text: string, asString = false) => {
  const dest: Record<string, unknown> = {};
  (asString ? parseSetStringInto : parseSetInto)(text, dest);
  return dest;
};

describe('--set parsing (Helm strvals)', () => {
  const cases: [string, unknown][] = [
    ['name=value', { name: 'value' }],
    ['long_int_string=1234567890', { long_int_string: 1234567890 }],
    ['boolean=true,falsy=FALSE', { boolean: true, falsy: false }],
    ['is_null=null', { is_null: null }],
    ['zero=0,leading_zeros=00009', { zero: 0, leading_zeros: '00009' }],
    ['name1=value1,name2=value2', { name1: 'value1', name2: 'value2' }],
    ['outer.inner=value', { outer: { inner: 'value' } }],
    ['outer.middle.inner=value,outer.other=x', { outer: { middle: { inner: 'value' }, other: 'x' } }],
    ['list={1,2,3}', { list: [1, 2, 3] }],
    ['list={}', { list: [''] }],
    ['list[0]=foo,list[2]=bar', { list: ['foo', null, 'bar'] }],
    ['list[0].name=a,list[0].size=2', { list: [{ name: 'a', size: 2 }] }],
    ['nested[0][1]=x', { nested: [[null, 'x']] }],
    ['a\\.b=c', { 'a.b': 'c' }],
    ['key=a\\,b', { key: 'a,b' }],
    ['empty=', { empty: '' }],
    ['name=value with spaces', { name: 'value with spaces' }],
  ];
  for (const [input, expected] of cases) {
    test(`reads ${input}`, () => assert.deepEqual(parse(input), expected));
  }

  test('keeps every value a string with --set-string', () => {
    assert.deepEqual(parse('a=1,b=true,c=null', true), { a: '1', b: 'true', c: 'null' });
  });

  test('reads JSON values with --set-json', () => {
    const dest: Record<string, unknown> = {};
    parseSetJsonInto('a={"b":[1,2]},c="x"', dest);
    assert.deepEqual(dest, { a: { b: [1, 2] }, c: 'x' });
  });

  for (const bad of ['name', 'name=value,', 'list[-1]=x', 'a[x]=1', 'list={1,2']) {
    test(`refuses ${bad}`, () => {
      if (bad === 'name=value,') {
        assert.deepEqual(parse(bad), { name: 'value' });
        return;
      }
      assert.throws(() => parse(bad), StrvalsError);
    });
  }
});
