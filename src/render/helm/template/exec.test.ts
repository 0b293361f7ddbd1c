/** Truth, comparison and value printing follow Go's text/template. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTemplateSet, readJson, type Value } from './index.js';

function run(text: string, data: string | Value = 'null', funcs: 'builtin' | 'sprig' = 'builtin'): string {
  const set = createTemplateSet({ funcs });
  set.parse('t', text);
  return set.execute('t', typeof data === 'string' ? readJson(data, { ints: true }) : data);
}

describe('truth', () => {
  const cases: [string, boolean][] = [
    ['0', false],
    ['1', true],
    ['0.0', false],
    ['""', false],
    ['"x"', true],
    ['[]', false],
    ['[0]', true],
    ['{}', false],
    ['{"a":null}', true],
    ['null', false],
    ['false', false],
  ];
  for (const [json, truth] of cases)
    test(`${json} is ${truth ? 'true' : 'false'} in if`, () => assert.equal(run('{{if .}}T{{else}}F{{end}}', json), truth ? 'T' : 'F'));
});

describe('comparison', () => {
  test('eq compares with several arguments', () => assert.equal(run('{{eq 1 2 3 1}}'), 'true'));
  test('eq refuses an int and a float', () => assert.throws(() => run('{{eq 2 2.0}}'), /incompatible types for comparison/));
  test('eq of a missing value and a string is false, not an error', () => assert.equal(run('{{eq .x "a"}}', '{}'), 'false'));
  test('lt compares strings byte-wise', () => assert.equal(run('{{lt "B" "a"}}'), 'true'));
  test('and/or short-circuit and return the deciding value', () => assert.equal(run('{{and 1 0 (index "" 5)}} {{or 0 "" "x"}}'), '0 x'));
});

describe('printing', () => {
  test('a missing value prints <no value>, a nil inside a list <nil>', () =>
    assert.equal(run('{{.a}} {{.l}}', '{"l":[null,1]}'), '<no value> [<nil> 1]'));
  test('maps print with sorted keys', () => assert.equal(run('{{.}}', '{"b":1,"a":{"c":[1.5]}}'), 'map[a:map[c:[1.5]] b:1]'));
  test('range over a map visits keys in order', () =>
    assert.equal(run('{{range $k, $v := .}}{{$k}}={{$v}};{{end}}', '{"b":2,"a":1}'), 'a=1;b=2;'));
  test('range over an int counts from zero', () => assert.equal(run('{{range $i := 3}}{{$i}}{{end}}'), '012'));
  test('break and continue work inside range', () =>
    assert.equal(run('{{range .}}{{if eq . 2}}{{continue}}{{end}}{{if eq . 4}}{{break}}{{end}}{{.}}{{end}}', '[1,2,3,4,5]'), '13'));
});
