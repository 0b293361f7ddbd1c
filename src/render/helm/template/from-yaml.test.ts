/** fromYaml reads YAML as Helm does (go-yaml v2 through JSON into map[string]interface{}). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatValue } from './fmt.js';
import { fromYaml, fromYamlArray } from './from-yaml.js';

describe('fromYaml', () => {
  const cases: [string, string, string][] = [
    ['reads numbers as float64', 'a: 1\nb: 1000000\nc: 1.5', 'map[a:1 b:1e+06 c:1.5]'],
    ['reads YAML 1.1 booleans', 'a: yes\nb: off\nc: "yes"', 'map[a:true b:false c:yes]'],
    ['keeps timestamps as strings', 'd: 2021-01-01', 'map[d:2021-01-01]'],
    ['turns non-string keys into strings', '1: a\ntrue: b', 'map[1:a true:b]'],
    [
      'reads numbers as go-yaml v2 does: a digit is required, no base 60',
      'e1: x\nE6: z\nt: 1:20\no: 0o17\nu: 1_000',
      'map[E6:z e1:x o:15 t:1:20 u:1000]',
    ],
    ['keeps no line break after a block scalar that ends the text', 'a: |\n  x\n  y', 'map[a:x\ny]'],
    ['keeps the line break of a block scalar followed by one', 'a: |\n  x\n', 'map[a:x\n]'],
    ['returns an empty map for an empty document', '', 'map[]'],
    [
      'reports a list where a map is wanted',
      '- a',
      'map[Error:error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}]',
    ],
  ];
  for (const [name, text, want] of cases) test(name, () => assert.equal(formatValue(fromYaml(text)), want));

  test('fromYamlArray reads lists and reports maps', () => {
    assert.equal(formatValue(fromYamlArray('- 1\n- b')), '[1 b]');
    assert.match(formatValue(fromYamlArray('a: 1')), /cannot unmarshal object into Go value of type \[\]interface \{\}/);
  });

  test('a syntax error lands under Error', () =>
    assert.match(formatValue(fromYaml('a: [1')), /^map\[Error:error converting YAML to JSON: yaml: line/));
});
