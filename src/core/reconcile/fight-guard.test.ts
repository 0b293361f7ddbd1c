import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type FightState, fightDelayMs, healWaitMs, recordHeal } from './fight-guard.js';

const policy = { limit: 3, contestMs: 1000, maxDelayMs: 8000 };

function healAt(times: number[]): FightState | undefined {
  let state: FightState | undefined;
  for (const t of times) state = recordHeal(state, t, policy);
  return state;
}

test('an occasional hand edit is healed at once', () => {
  const state = healAt([0, 10_000, 20_000]);
  assert.equal(state?.streak, 1);
  assert.equal(healWaitMs(state, 20_001, policy), 0);
});

test('heals in quick succession build a streak that delays the next heal, doubling up to the maximum', () => {
  const delays: number[] = [];
  let state: FightState | undefined;
  let t = 0;
  for (let i = 0; i < 8; i++) {
    state = recordHeal(state, t, policy);
    delays.push(fightDelayMs(state, policy));
    t += fightDelayMs(state, policy) + 100; // the fighter undoes each heal 100 ms after it is allowed
  }
  assert.deepEqual(delays, [0, 0, 1000, 2000, 4000, 8000, 8000, 8000]);
});

test('the wait shrinks as time passes and a calm spell ends the streak', () => {
  const state = healAt([0, 100, 200, 300]);
  assert.equal(fightDelayMs(state, policy), 2000);
  assert.equal(healWaitMs(state, 300, policy), 2000);
  assert.equal(healWaitMs(state, 1800, policy), 500);
  assert.equal(healWaitMs(state, 2300, policy), 0);
  assert.equal(recordHeal(state, 10_000, policy).streak, 1);
});
