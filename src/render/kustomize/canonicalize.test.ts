import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalize, documentOrder } from './canonicalize.js';

describe('canonicalize (the TypeScript twin of normalize.py)', () => {
  test('sorts keys and documents but keeps list order', () => {
    const a = 'kind: B\nmetadata: {name: x}\nlist: [2, 1]\n---\nkind: A\nmetadata: {name: y}\n';
    const b = 'metadata:\n  name: y\nkind: A\n---\nlist:\n- 2\n- 1\nmetadata: {name: x}\nkind: B\n';
    assert.equal(canonicalize(a), canonicalize(b));
    assert.notEqual(canonicalize(a), canonicalize(a.replace('[2, 1]', '[1, 2]')));
  });

  test('types plain scalars as YAML 1.1 does and keeps quoted ones as strings', () => {
    assert.equal(
      canonicalize('a: yes\nb: "yes"\nc: 010\nd: 1.0\ne: 1\nf: 2020-01-02\ng: ~\n'),
      '{"a": true, "b": "yes", "c": 8, "d": 1.0, "e": 1, "f": "2020-01-02", "g": null}',
    );
  });

  test('keeps floats and integers apart', () => {
    assert.notEqual(canonicalize('a: 1.0\n'), canonicalize('a: 1\n'));
    assert.equal(canonicalize('a: 1e3\n'), '{"a": "1e3"}');
  });

  test('drops empty documents and reports document order', () => {
    assert.deepEqual(documentOrder('---\n---\nkind: K\nmetadata: {name: n, namespace: s}\n'), ['K/s/n']);
  });
});
