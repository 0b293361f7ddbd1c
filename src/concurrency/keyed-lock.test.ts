import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KeyedLock } from './keyed-lock.js';

describe('KeyedLock', () => {
  test('one holder at a time per key, in arrival order; other keys are not blocked', async () => {
    const lock = new KeyedLock();
    const events: string[] = [];
    const hold = (key: string, name: string, ms: number) =>
      lock.run(key, async () => {
        events.push(`${name}+`);
        await new Promise((r) => setTimeout(r, ms));
        events.push(`${name}-`);
      });
    await Promise.all([hold('a', 'a1', 20), hold('a', 'a2', 1), hold('b', 'b1', 1)]);
    assert.deepEqual(events, ['a1+', 'b1+', 'b1-', 'a1-', 'a2+', 'a2-']);
  });

  test('a failing holder releases the lock', async () => {
    const lock = new KeyedLock();
    await assert.rejects(
      lock.run('k', async () => {
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await lock.run('k', async () => 42), 42);
  });
});
