import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { insertPathPart } from './value-add.js';

describe("ValueAddTransformer's file path insertion (kyaml filesys.InsertPathPart, as the valueadd filter documents it)", () => {
  const cases: Array<[string, number, string]> = [
    ['', 1, 'PEACH'],
    ['/', 1, '/PEACH'],
    ['pie', 1, 'PEACH/pie'],
    ['/pie', 1, '/PEACH/pie'],
    ['pie', 0, 'PEACH/pie'],
    ['raw', 2, 'raw/PEACH'],
    ['/raw', 2, '/raw/PEACH'],
    ['raw', 9999, 'raw/PEACH'],
    ['a/nice/warm/pie', 4, 'a/nice/warm/PEACH/pie'],
    ['/a/nice/warm/pie', 4, '/a/nice/warm/PEACH/pie'],
  ];
  for (const [old, position, want] of cases) {
    test(`'${old}' at filePathPosition ${position} becomes '${want}'`, () =>
      assert.equal(insertPathPart(old, position - 1, 'PEACH'), want));
  }
});
