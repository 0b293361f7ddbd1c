import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyJsonPatch, JsonPatchError, toOperations } from './json-patch.js';

const doc = () => ({ metadata: { name: 'a', labels: { x: '1' } }, list: ['a', 'b'] });

describe('JSON patch (RFC 6902)', () => {
  const cases: { name: string; ops: unknown[]; want: unknown }[] = [
    {
      name: 'add a field',
      ops: [{ op: 'add', path: '/metadata/labels/y', value: '2' }],
      want: { metadata: { name: 'a', labels: { x: '1', y: '2' } }, list: ['a', 'b'] },
    },
    {
      name: 'add at a list index and with -',
      ops: [
        { op: 'add', path: '/list/0', value: 'z' },
        { op: 'add', path: '/list/-', value: 'end' },
      ],
      want: { metadata: { name: 'a', labels: { x: '1' } }, list: ['z', 'a', 'b', 'end'] },
    },
    { name: 'remove', ops: [{ op: 'remove', path: '/list/1' }], want: { metadata: { name: 'a', labels: { x: '1' } }, list: ['a'] } },
    {
      name: 'replace',
      ops: [{ op: 'replace', path: '/metadata/name', value: 'b' }],
      want: { metadata: { name: 'b', labels: { x: '1' } }, list: ['a', 'b'] },
    },
    {
      name: 'move',
      ops: [{ op: 'move', from: '/metadata/labels/x', path: '/metadata/labels/moved' }],
      want: { metadata: { name: 'a', labels: { moved: '1' } }, list: ['a', 'b'] },
    },
    {
      name: 'copy',
      ops: [{ op: 'copy', from: '/list', path: '/copied' }],
      want: { metadata: { name: 'a', labels: { x: '1' } }, list: ['a', 'b'], copied: ['a', 'b'] },
    },
    { name: 'test that holds', ops: [{ op: 'test', path: '/list/1', value: 'b' }], want: doc() },
    {
      name: 'escaped pointer tokens',
      ops: [{ op: 'add', path: '/metadata/labels/a~1b~0c', value: 'v' }],
      want: { metadata: { name: 'a', labels: { x: '1', 'a/b~c': 'v' } }, list: ['a', 'b'] },
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(applyJsonPatch(doc(), toOperations(c.ops)), c.want));
  }

  test('a failing test operation is an error', () => {
    assert.throws(
      () => applyJsonPatch(doc(), toOperations([{ op: 'test', path: '/metadata/name', value: 'other' }])),
      /testing value \/metadata\/name failed/,
    );
  });

  test('replace of a missing key in an existing mapping adds it (json-patch v4, which kustomize v5.5 uses)', () => {
    const got = applyJsonPatch(doc(), toOperations([{ op: 'replace', path: '/metadata/labels/y', value: '2' }]));
    assert.deepEqual(got, { metadata: { name: 'a', labels: { x: '1', y: '2' } }, list: ['a', 'b'] });
  });

  test('adding under a missing parent, removing a missing key and bad indexes are errors', () => {
    assert.throws(() => applyJsonPatch(doc(), toOperations([{ op: 'add', path: '/spec/replicas', value: 1 }])), JsonPatchError);
    assert.throws(() => applyJsonPatch(doc(), toOperations([{ op: 'replace', path: '/spec/replicas', value: 1 }])), JsonPatchError);
    assert.throws(() => applyJsonPatch(doc(), toOperations([{ op: 'remove', path: '/metadata/nope' }])), JsonPatchError);
    assert.throws(() => applyJsonPatch(doc(), toOperations([{ op: 'replace', path: '/list/5', value: 'x' }])), JsonPatchError);
  });

  test('unknown operations and malformed documents are refused', () => {
    assert.throws(() => toOperations([{ op: 'frobnicate', path: '/a' }]), /unexpected kind of operation/);
    assert.throws(() => toOperations({ op: 'add' }), /list of operations/);
  });
});
