import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, randomPassword, verifyPassword } from './password-hash.js';

const cheap = { logN: 10, r: 8, p: 1 };

test('a password verifies against its hash, and another password does not', async () => {
  const hash = await hashPassword('correct horse', cheap);
  assert.match(hash, /^scrypt\$10\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  assert.equal(await verifyPassword('correct horse', hash), true);
  assert.equal(await verifyPassword('correct horsf', hash), false);
  assert.equal(await verifyPassword('', hash), false);
});

test('two hashes of one password differ (salted)', async () => {
  assert.notEqual(await hashPassword('x', cheap), await hashPassword('x', cheap));
});

test('the default cost is memory-hard: N = 32768, r = 8', async () => {
  const hash = await hashPassword('x');
  assert.match(hash, /^scrypt\$15\$8\$1\$/);
  assert.equal(await verifyPassword('x', hash), true);
});

for (const bad of ['', 'bcrypt$2$x', 'scrypt$15$8$1$salt', 'scrypt$40$8$1$c2FsdHNhbHQ$aGFzaA', 'scrypt$15$8$1$c2FsdHNhbHQ$short']) {
  test(`a malformed hash ${JSON.stringify(bad)} never verifies and never throws`, async () => {
    assert.equal(await verifyPassword('x', bad), false);
  });
}

test('random passwords are 24 characters and differ', () => {
  const a = randomPassword();
  assert.match(a, /^[\w-]{24}$/);
  assert.notEqual(a, randomPassword());
});
