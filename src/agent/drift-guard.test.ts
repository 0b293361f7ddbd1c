import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDriftGuard } from './drift-guard.js';

test('occasional drift is healed at once, however often it happens over time', () => {
  const g = createDriftGuard();
  for (let i = 0; i < 20; i++) g.recordHeal('a', i * 3000);
  assert.equal(g.delayMs('a'), 0);
});

test('a fight (each heal undone at once) backs off exponentially after the limit, and calm ends it', () => {
  const g = createDriftGuard({ limit: 3, contestMs: 2000 });
  let t = 0;
  const delays: number[] = [];
  for (let i = 0; i < 6; i++) {
    t += 50 + g.delayMs('a');
    g.recordHeal('a', t);
    delays.push(g.delayMs('a'));
  }
  assert.deepEqual(delays, [0, 0, 1000, 2000, 4000, 8000]);
  g.recordHeal('a', t + 60_000);
  assert.equal(g.delayMs('a'), 0);
});
