import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalize } from './canonicalize.js';
import { compareYamlV2Keys, emitString, emitYamlDocument } from './yaml-emit.js';

describe('YAML output (as kustomize prints it)', () => {
  // Each string and how kubectl kustomize v5.5.0 printed it as the value of a top-level key.
  const cases: [string, string][] = [
    ['plain', 'plain'],
    ['yes', '"yes"'],
    ['on', '"on"'],
    ['0777', '"0777"'],
    ['1e3', '"1e3"'],
    ['12:30', '"12:30"'],
    ['1.0', '"1.0"'],
    ['0x1F', '"0x1F"'],
    ['2020-01-01', '"2020-01-01"'],
    ['null', '"null"'],
    ['~', '"~"'],
    ['', '""'],
    ['-dash', '-dash'],
    [': colon', "': colon'"],
    ['a #b', "'a #b'"],
    ['trailing ', "'trailing '"],
    ['  leading', "'  leading'"],
    ['*star', "'*star'"],
    ['&amp', "'&amp'"],
    ['!bang', "'!bang'"],
    ['%pct', "'%pct'"],
    ['@at', "'@at'"],
    ['a: b', "'a: b'"],
    ['{"a": [1, 2]}', `'{"a": [1, 2]}'`],
    [`it's "quoted"`, `it's "quoted"`],
    ['C:\\path', 'C:\\path'],
    ['tab\there', '"tab\\there"'],
    ['ünïcödé', 'ünïcödé'],
    ['multi\nline\n', '|\n  multi\n  line'],
    ['multi\nno-trailing', '|-\n  multi\n  no-trailing'],
    ['line one  \nline two\n', '"line one  \\nline two\\n"'],
    ['\nfirst empty\n', '|2\n\n  first empty'],
  ];
  for (const [input, want] of cases) {
    test(`writes ${JSON.stringify(input)} as ${want.split('\n')[0]}`, () => {
      assert.equal(emitString(input, 3, '  '), want);
    });
  }

  test('folds long plain text at a space past 80 columns', () => {
    const long = `${'a'.repeat(100)} ${'b'.repeat(19)} ${'c'.repeat(10)}`;
    assert.equal(emitYamlDocument({ data: { long } }), `data:\n  long: ${'a'.repeat(100)}\n    ${'b'.repeat(19)} ${'c'.repeat(10)}\n`);
  });

  test('sorts keys, leaves sequences unindented, writes empty collections inline', () => {
    assert.equal(emitYamlDocument({ b: [1, { y: 2, x: [] }], a: {} }), 'a: {}\nb:\n- 1\n- x: []\n  "y": 2\n');
  });

  test('round-trips through a YAML 1.1 reader unchanged', () => {
    const value = {
      s: ['yes', 'no', '1', '1.5', '0777', '1e3', '', 'a: b', ' lead', 'multi\nline\n', '~', '12:30', 'x #y', 'tab\t', '\u2028'],
      n: [1, 1.5, true, null],
    };
    assert.equal(canonicalize(emitYamlDocument(value)), canonicalize(JSON.stringify(value)));
  });
});

describe('mapping keys in the order go-yaml v2 sorts them (sigs.k8s.io/yaml, hence kubectl kustomize)', () => {
  const orders: string[][] = [
    ['NAME_LABEL', 'NAMESPACE_LABEL'],
    ['client_ca', 'clientAuthType'],
    ['jwks_uri', 'jwksUri'],
    ['_x', '9', '09', '10', 'X', 'a9', 'a09', 'a10', 'b2', 'b2x', 'b10', 'x-y', 'x.y', 'xy', 'ä', 'é1'],
  ];
  for (const keys of orders) {
    test(keys.join(' < '), () => {
      const shuffled = [...keys].reverse();
      assert.deepEqual([...shuffled].sort(compareYamlV2Keys), keys);
      const doc = emitYamlDocument(Object.fromEntries(shuffled.map((k) => [k, 'v'])));
      assert.deepEqual(
        doc
          .trimEnd()
          .split('\n')
          .map((l) => l.slice(0, l.lastIndexOf(':')).replace(/^"(.*)"$/, '$1')),
        keys,
      );
    });
  }

  test('"=" is a plain scalar to go-yaml v2', () => {
    assert.equal(emitYamlDocument({ ops: ['=', '!=', '<'] }), "ops:\n- =\n- '!='\n- <\n");
  });
});
