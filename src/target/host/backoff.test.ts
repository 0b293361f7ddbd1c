import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, isCrashLooping, nextFailureCount } from './backoff.js';

test('the first failure restarts at once, then the delay doubles from 1 s up to 30 s', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 8, 50].map((n) => backoffDelay(n)),
    [0, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000],
  );
});

test('a run of 10 s resets the count of consecutive failures', () => {
  assert.equal(nextFailureCount(5, 9_999), 6);
  assert.equal(nextFailureCount(5, 10_000), 1);
});

test('two failures in a row without a stable run is a crash loop', () => {
  assert.equal(isCrashLooping(1), false);
  assert.equal(isCrashLooping(2), true);
});
