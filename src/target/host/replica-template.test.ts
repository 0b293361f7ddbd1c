import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandReplicaTemplate, findInvalidTemplate, resolvePort } from './replica-template.js';

test('{{replica}} and {{replica + N}} expand to the replica index and index plus N', () => {
  assert.equal(expandReplicaTemplate('--port={{replica + 8080}} --id={{replica}}', 2), '--port=8082 --id=2');
  assert.equal(expandReplicaTemplate('{{ replica+1 }}', 0), '1');
});

test('other templates are reported and left as they are', () => {
  assert.equal(findInvalidTemplate('{{replica * 2}}'), '{{replica * 2}}');
  assert.equal(findInvalidTemplate('plain {{replica}}'), undefined);
  assert.equal(expandReplicaTemplate('{{host}}', 1), '{{host}}');
});

test('a port is a number, or a template evaluated per replica', () => {
  assert.equal(resolvePort(9000, 3), 9000);
  assert.equal(resolvePort('{{replica + 9000}}', 3), 9003);
  assert.ok(Number.isNaN(resolvePort('x{{replica}}', 1)));
});
