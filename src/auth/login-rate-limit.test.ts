import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLoginRateLimit } from './login-rate-limit.js';

test('past the limit a user is blocked until the window moves on; a success clears the user only', () => {
  let now = 0;
  const limit = createLoginRateLimit({ perUser: 3, perClient: 100, windowMs: 60_000, now: () => now });
  for (let i = 0; i < 3; i++) {
    assert.equal(limit.blocked('Ada', '10.0.0.1'), undefined);
    limit.failed('Ada', '10.0.0.1');
    now += 1000;
  }
  assert.equal(limit.blocked('ada', '10.0.0.2'), 57, 'user names are compared case-insensitively, from any address');
  now = 60_000;
  assert.equal(limit.blocked('ada', '10.0.0.1'), undefined, 'the first failure left the window');
  limit.failed('bob', '10.0.0.1');
  limit.succeeded('bob');
  assert.equal(limit.blocked('bob', '10.0.0.1'), undefined);
});

test('an address is blocked across user names', () => {
  const limit = createLoginRateLimit({ perUser: 100, perClient: 2, now: () => 0 });
  limit.failed('a', '192.0.2.1');
  limit.failed('b', '192.0.2.1');
  assert.ok(limit.blocked('c', '192.0.2.1'));
  assert.equal(limit.blocked('c', '192.0.2.2'), undefined);
});

test('memory is bounded: the oldest keys go first', () => {
  const limit = createLoginRateLimit({ perUser: 1, perClient: 1000, maxKeys: 10, now: () => 0 });
  for (let i = 0; i < 50; i++) limit.failed(`user${i}`, 'x');
  assert.equal(limit.blocked('user0', 'y'), undefined, 'forgotten');
  assert.ok(limit.blocked('user49', 'y'));
});
