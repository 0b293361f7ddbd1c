/** toYaml prints what Helm's toYaml (sigs.k8s.io/yaml over go-yaml v2) prints. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { marshalYaml } from './to-yaml.js';
import { readJson, type Value } from './index.js';

const j = (s: string): Value => readJson(s, { ints: false });

describe('toYaml', () => {
  const cases: [string, Value, string][] = [
    ['sorts keys and nests maps by two spaces', j('{"b":{"y":1,"x":"s"},"a":true}'), 'a: true\nb:\n  x: s\n  "y": 1\n'],
    ['does not indent sequences under their key', j('{"k":["a","b"]}'), 'k:\n- a\n- b\n'],
    ['puts the first key of a map item after the dash', j('[{"name":"x","port":80}]'), '- name: x\n  port: 80\n'],
    ['prints empty maps and lists in flow style', j('{"a":{},"b":[],"c":null}'), 'a: {}\nb: []\nc: null\n'],
    [
      'quotes strings that would read back as other types',
      j('{"a":"true","b":"1","c":"","d":"1.5","e":"null","f":"yes","g":"2021-01-01","h":"0x1F"}'),
      'a: "true"\nb: "1"\nc: ""\nd: "1.5"\ne: "null"\nf: "yes"\ng: "2021-01-01"\nh: "0x1F"\n',
    ],
    [
      'single-quotes strings that start with an indicator',
      j('{"a":"*.example.com","b":"- x","c":"a: b","d":" lead"}'),
      "a: '*.example.com'\nb: '- x'\nc: 'a: b'\nd: ' lead'\n",
    ],
    [
      'writes multi-line strings as literal blocks with chomping',
      j('{"a":"x\\ny","b":"x\\n","c":"x\\n\\n"}'),
      'a: |-\n  x\n  y\nb: |\n  x\nc: |+\n  x\n\n',
    ],
    ['double-quotes strings with tabs or trailing spaces before a break', j('{"a":"x\\ty","b":"x \\ny"}'), 'a: "x\\ty"\nb: "x \\ny"\n'],
    [
      'prints integral floats as ints and others in shortest g form',
      j('{"a":1000000.0,"b":1.5,"c":123456789.5,"d":1e21}'),
      'a: 1000000\nb: 1.5\nc: 1.234567895e+08\nd: 1e+21\n',
    ],
    ['orders keys naturally, digits by value', j('{"a10":1,"a9":2,"A":3,"_x":4}'), '_x: 4\nA: 3\na9: 2\na10: 1\n'],
    [
      'folds long plain strings at column 80',
      j('{"description":"aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss"}'),
      'description: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn\n  oooo pppp qqqq rrrr ssss\n',
    ],
    ['writes a top-level string alone', 'hello', 'hello\n'],
    ['prints a large integral float with its shortest digits, as encoding/json does', Number('699537150416724608'), '699537150416724600\n'],
  ];
  for (const [name, v, want] of cases) test(name, () => assert.equal(marshalYaml(v), want));

  test('toYamlPretty indents sequences under their key', () =>
    assert.equal(marshalYaml(j('{"baz":[1,2]}'), { pretty: true }), 'baz:\n  - 1\n  - 2\n'));
  test('toYamlPretty prints floats as Go values, not through JSON', () =>
    assert.equal(marshalYaml(j('{"a":1000000}'), { pretty: true }), 'a: 1e+06\n'));
  test('NaN cannot be marshalled', () => assert.throws(() => marshalYaml(Number.NaN), /unsupported value: NaN/));
});
