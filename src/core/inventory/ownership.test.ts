import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOwnedBy, markOwned, APP_LABEL, TRACKING_ANNOTATION } from './ownership.js';
import type { Manifest } from '../model/manifest.js';

const cm: Manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n', labels: { a: 'b' } } };

test('a marked object is owned by its app and by no other', () => {
  const marked = markOwned('web', cm);
  assert.equal(marked.metadata.labels?.[APP_LABEL], 'web');
  assert.equal(marked.metadata.labels?.a, 'b');
  assert.equal(marked.metadata.annotations?.[TRACKING_ANNOTATION], 'web:/ConfigMap:n/c');
  assert.ok(isOwnedBy('web', marked));
  assert.ok(!isOwnedBy('other', marked));
  assert.equal(cm.metadata.annotations, undefined, 'the input is not modified');
});

test('a copy of an owned object under another name is not owned', () => {
  const copy = markOwned('web', cm);
  copy.metadata = { ...copy.metadata, name: 'copy' };
  assert.ok(!isOwnedBy('web', copy));
});

test('an object with only the label is not owned', () => {
  assert.ok(!isOwnedBy('web', { ...cm, metadata: { ...cm.metadata, labels: { [APP_LABEL]: 'web' } } }));
});
