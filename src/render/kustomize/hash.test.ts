import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contentHash, encodeHash, goJson } from './hash.js';

describe('generated-name hash', () => {
  test('matches kustomize for a ConfigMap (value taken from kubectl kustomize output)', () => {
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'bob' },
      data: { fruit: 'Indian Gooseberry', year: '2020', crisis: 'true' },
    };
    assert.equal(contentHash(cm), '79t79mt227');
  });

  test('does not depend on the name or the order of keys, only on kind and content', () => {
    const a = { kind: 'ConfigMap', metadata: { name: 'a' }, data: { x: '1', y: '2' } };
    const b = { kind: 'ConfigMap', metadata: { name: 'b-other' }, data: { y: '2', x: '1' } };
    assert.equal(contentHash(a), contentHash(b));
    assert.notEqual(contentHash(a), contentHash({ ...a, data: { x: '1', y: '3' } }));
  });

  test('includes the type of a Secret', () => {
    const s = { kind: 'Secret', metadata: { name: 's' }, type: 'Opaque', data: { k: 'dg==' } };
    assert.notEqual(contentHash(s), contentHash({ ...s, type: 'kubernetes.io/tls' }));
  });

  test('maps 0, 1, 3, a and e to g, h, k, m and t', () => {
    assert.match(encodeHash('anything'), /^[2456789bcdfghkmt]{10}$/);
  });

  test('encodes JSON as Go does: sorted keys, HTML characters escaped', () => {
    assert.equal(goJson({ b: '<a&b>', a: [1, true, null] }), '{"a":[1,true,null],"b":"\\u003ca\\u0026b\\u003e"}');
  });
});
