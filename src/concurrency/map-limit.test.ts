import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapLimit } from './map-limit.js';

test('results keep the order of the items, with at most the limit of calls in flight', async () => {
  let inFlight = 0;
  let most = 0;
  const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n, i) => {
    most = Math.max(most, ++inFlight);
    await new Promise((resolve) => setTimeout(resolve, n));
    inFlight--;
    return `${i}:${n}`;
  });
  assert.deepEqual(out, ['0:5', '1:1', '2:4', '3:2', '4:3']);
  assert.equal(most, 2);
});

test('a long run of calls that need no I/O lets timers run before it ends', async () => {
  const ticks: number[] = [];
  let done = 0;
  const timer = setInterval(() => ticks.push(done), 1);
  const busy = (ms: number) => {
    const end = performance.now() + ms;
    while (performance.now() < end);
  };
  await mapLimit(
    Array.from({ length: 2000 }, (_, i) => i),
    32,
    async () => {
      busy(0.05);
      done += 1;
    },
  );
  clearInterval(timer);
  assert.ok(
    ticks.some((at) => at > 0 && at < 2000),
    `the timer ran while the calls did (at ${ticks.slice(0, 5).join(', ')})`,
  );
});
