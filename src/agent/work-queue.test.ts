import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkQueue, mergeItems } from './work-queue.js';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

test('one key is never handled by two workers at once, and work arriving meanwhile runs right after', async () => {
  let active = 0;
  let maxActive = 0;
  const seen: string[] = [];
  const q = createWorkQueue({
    concurrency: 4,
    handler: async (key, item) => {
      active++;
      maxActive = Math.max(maxActive, active);
      seen.push(`${key}:${item.trigger}`);
      await tick(20);
      active--;
    },
  });
  q.add('a', { trigger: 'poll' });
  await tick(1);
  q.add('a', { trigger: 'webhook' });
  q.add('a', { trigger: 'drift' });
  await tick(1);
  await q.idle();
  assert.equal(maxActive, 1);
  assert.deepEqual(seen, ['a:poll', 'a:webhook']);
});

test('different keys run in parallel up to the concurrency', async () => {
  let active = 0;
  let maxActive = 0;
  const q = createWorkQueue({
    concurrency: 2,
    handler: async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await tick(15);
      active--;
    },
  });
  for (const k of ['a', 'b', 'c', 'd']) q.add(k, { trigger: 'poll' });
  await q.idle();
  assert.equal(maxActive, 2);
});

test('urgent work (drift, a webhook, a person) is taken before routine checks queued earlier, and routine work keeps its order', async () => {
  const seen: string[] = [];
  const q = createWorkQueue({
    concurrency: 1,
    handler: async (key, item) => {
      seen.push(`${key}:${item.trigger}`);
      await tick(2);
    },
  });
  q.add('busy', { trigger: 'poll' }); // taken at once: the others wait behind it
  for (const k of ['s1', 's2', 's3', 's4']) q.add(k, { trigger: 'startup' });
  q.add('d', { trigger: 'drift' });
  q.add('s3', { trigger: 'user' }); // queued as routine, made urgent by a person's sync
  q.add('w', { trigger: 'webhook' });
  await q.idle();
  assert.deepEqual(seen, ['busy:poll', 'd:drift', 's3:user', 'w:webhook', 's1:startup', 's2:startup', 's4:startup']);
});

test('an immediate add replaces a pending delayed retry', async () => {
  const seen: string[] = [];
  const q = createWorkQueue({
    concurrency: 1,
    handler: async (_k, item) => {
      seen.push(item.trigger);
    },
  });
  q.add('a', { trigger: 'poll' }, 10_000);
  assert.equal(q.depth(), 1);
  q.add('a', { trigger: 'webhook' });
  await q.idle();
  assert.deepEqual(seen, ['webhook']);
  assert.equal(q.depth(), 0);
});

test('merged items keep the stronger trigger and any fetch request', () => {
  assert.deepEqual(mergeItems({ trigger: 'webhook', fetch: true }, { trigger: 'drift' }), {
    trigger: 'webhook',
    fetch: true,
    revision: undefined,
  });
  assert.equal(mergeItems({ trigger: 'poll' }, { trigger: 'rollback', revision: 'abc' }).revision, 'abc');
});

test('each start reports how long its key waited in the queue (the queue latency metric)', async () => {
  const waits: Array<[string, number]> = [];
  const q = createWorkQueue({
    concurrency: 1,
    handler: async () => {
      await tick(30);
    },
    onStart: (key, waitedMs) => waits.push([key, waitedMs]),
  });
  q.add('first', { trigger: 'poll' });
  q.add('second', { trigger: 'poll' });
  q.add('second', { trigger: 'webhook' }); // merged: the wait counts from the first add
  await q.idle();
  assert.deepEqual(
    waits.map(([k]) => k),
    ['first', 'second'],
  );
  assert.ok(waits[0][1] < 25, `first started at once (${waits[0][1]} ms)`);
  assert.ok(waits[1][1] >= 25, `second waited for the first (${waits[1][1]} ms)`);
});

test('one group never holds more than its share of the workers: a group whose work hangs leaves the rest to the others', async () => {
  let release!: () => void;
  const hung = new Promise<void>((r) => {
    release = r;
  });
  const done: string[] = [];
  const q = createWorkQueue({
    concurrency: 4,
    groupOf: (key) => key.split('/')[0],
    groupLimit: () => 2,
    handler: async (key) => {
      if (key.startsWith('frozen/')) await hung;
      done.push(key);
    },
  });
  for (let i = 0; i < 6; i++) q.add(`frozen/${i}`, { trigger: 'poll' });
  q.add('live/a', { trigger: 'drift' });
  q.add('live/b', { trigger: 'drift' });
  await tick(20);
  // Two workers (half of four) hang on the frozen group; the live group's work, queued behind it, is done.
  assert.deepEqual(done, ['live/a', 'live/b']);
  assert.equal(q.depth(), 6);
  release();
  await q.idle();
  assert.equal(done.length, 8);
});

test('without a group limit every worker may take any key', async () => {
  let active = 0;
  let maxActive = 0;
  const q = createWorkQueue({
    concurrency: 3,
    groupOf: (key) => key.split('/')[0],
    handler: async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await tick(15);
      active--;
    },
  });
  for (const k of ['x/1', 'x/2', 'x/3']) q.add(k, { trigger: 'poll' });
  await q.idle();
  assert.equal(maxActive, 3);
});
