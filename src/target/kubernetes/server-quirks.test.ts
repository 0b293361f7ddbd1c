import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mayBeQuirk, quirkHint, versionName } from './server-quirks.js';

test('a 1.20 server refusing a port without protocol gets what to do: add protocol: TCP', () => {
  const service =
    'failed to create typed patch object: .spec.ports: element 0: associative list with keys has an element that omits key field "protocol" (and doesn\'t have default value)';
  assert.ok(mayBeQuirk(service));
  assert.equal(
    quirkHint(service, '1.20'),
    'this server (1.20) requires spec.ports[].protocol; add protocol: TCP (newer servers default it)',
  );
  const container =
    'failed to create typed patch object: .spec.template.spec.containers[name="web"].ports: element 0: associative list with keys has an element that omits key field "protocol" (and doesn\'t have default value)';
  assert.equal(
    quirkHint(container, '1.20'),
    'this server (1.20) requires spec.template.spec.containers[name="web"].ports[].protocol; add protocol: TCP (newer servers default it)',
  );
  assert.equal(quirkHint('Internal error occurred: etcdserver: request timed out', '1.20'), undefined);
});

test('the version is named as the server gives it', () => {
  assert.equal(versionName({ major: '1', minor: '20', gitVersion: 'v1.20.2' }), '1.20');
  assert.equal(versionName({ major: '1', minor: '34+', gitVersion: 'v1.34.2' }), '1.34');
  assert.equal(versionName({ gitVersion: 'v1.30.1' }), '1.30.1');
  assert.equal(versionName(undefined), 'unknown version');
});
