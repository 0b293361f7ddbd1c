import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkApiBind, isLoopback } from './api-bind.js';

const cases: Array<[string, boolean]> = [
  ['127.0.0.1', true],
  ['127.1.2.3', true],
  ['localhost', true],
  ['::1', true],
  ['[::1]', true],
  ['0.0.0.0', false],
  ['::', false],
  ['192.0.2.10', false],
  ['example.com', false],
];
for (const [host, loopback] of cases) {
  test(`${host} is ${loopback ? '' : 'not '}loopback`, () => assert.equal(isLoopback(host), loopback));
}

test('a non-loopback bind is refused without TLS, naming the flags, and allowed with TLS or --insecure-http', () => {
  assert.throws(() => checkApiBind('0.0.0.0', { tls: false }), /--host 0\.0\.0\.0: .*--tls-cert FILE --tls-key FILE.*--insecure-http/);
  checkApiBind('0.0.0.0', { tls: true });
  checkApiBind('0.0.0.0', { tls: false, insecureHttp: true });
  checkApiBind('127.0.0.1', { tls: false });
});
