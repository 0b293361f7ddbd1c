import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isSubset } from './is-subset.js';
import { maskSecretPair } from './mask-secrets.js';
import { normalizeForDiff } from './normalize.js';
import { unifiedDiff } from './unified-diff.js';
import type { Manifest } from '../model/manifest.js';

describe('isSubset', () => {
  const cases: Array<[string, unknown, unknown, boolean]> = [
    ['equal scalars match', 1, 1, true],
    ['fields the server added are ignored', { a: 1 }, { a: 1, b: 2 }, true],
    ['a changed value does not match', { a: 1 }, { a: 2 }, false],
    ['a missing field does not match', { a: { b: 1 } }, { a: {} }, false],
    ['lists match element by element', { l: [{ n: 'x' }] }, { l: [{ n: 'x', d: 1 }] }, true],
    ['lists of another length do not match', { l: [1] }, { l: [1, 2] }, false],
    ['a string does not match a number', { r: '1' }, { r: 1 }, false],
    ['null in desired means unset and matches anything', { a: null }, {}, true],
  ];
  for (const [name, desired, live, expected] of cases) test(name, () => assert.equal(isSubset(desired, live), expected));
});

describe('maskSecretPair', () => {
  const secret = (data: Record<string, string>): Manifest => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data });
  test('secret values never appear, equal values share a mask, changed values differ', () => {
    const [a, b] = maskSecretPair(secret({ same: 'czNjcjN0', changed: 'b2xk' }), secret({ same: 'czNjcjN0', changed: 'bmV3' }));
    const text = JSON.stringify([a, b]);
    for (const v of ['czNjcjN0', 'b2xk', 'bmV3']) assert.ok(!text.includes(v));
    assert.equal((a!.data as Record<string, string>).same, (b!.data as Record<string, string>).same);
    assert.notEqual((a!.data as Record<string, string>).changed, (b!.data as Record<string, string>).changed);
  });
  test('stringData is masked too and other kinds are untouched', () => {
    const [a] = maskSecretPair({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { p: 'hunter2' } }, undefined);
    assert.ok(!JSON.stringify(a).includes('hunter2'));
    const cm: Manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'v' } };
    assert.deepEqual(maskSecretPair(cm, cm), [cm, cm]);
  });
});

describe('normalizeForDiff', () => {
  test('server bookkeeping is dropped and content kept', () => {
    const live: Manifest = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'c',
        uid: 'u',
        resourceVersion: '5',
        generation: 1,
        creationTimestamp: 't',
        managedFields: [],
        annotations: { keep: 'x', 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
      },
      data: { k: 'v' },
      status: { phase: 'x' },
    };
    assert.deepEqual(normalizeForDiff(live), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', annotations: { keep: 'x' } },
      data: { k: 'v' },
    });
  });
});

describe('unifiedDiff', () => {
  test('equal objects give no diff and a change shows both lines', () => {
    const a: Manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'old' } };
    const b: Manifest = { ...a, data: { k: 'new' } };
    assert.equal(unifiedDiff('ConfigMap/c', a, a), '');
    const d = unifiedDiff('ConfigMap/c', a, b);
    assert.match(d, /^--- live\/ConfigMap\/c/m);
    assert.match(d, /^- {2}k: old$/m);
    assert.match(d, /^\+ {2}k: new$/m);
  });
});
