import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLI_MANAGER, decideManager } from './manager-decision.js';

const kept = (manager?: string) => ({ app: 'shop', objects: [], manager });

test('an app nobody keeps, or this agent keeps, is synced', () => {
  assert.deepEqual(decideManager(undefined, 'agent/a', false), { decision: 'sync' });
  assert.deepEqual(decideManager(kept(), 'agent/a', false), { decision: 'sync' });
  assert.deepEqual(decideManager(kept('agent/a'), 'agent/a', false), { decision: 'sync' });
});

test('an app a person synced by hand is taken over by an agent', () => {
  assert.deepEqual(decideManager(kept(CLI_MANAGER), 'agent/a', false), { decision: 'sync' });
});

test("another agent's app is left alone, by an agent and by a person, unless taken over", () => {
  const refused = decideManager(kept('agent/b'), 'agent/a', false);
  assert.equal(refused.decision, 'refuse');
  assert.match((refused as { message: string }).message, /shop is kept in sync by agent\/b, not by this agent/);
  assert.equal(decideManager(kept('agent/b'), CLI_MANAGER, false).decision, 'refuse');
  assert.deepEqual(decideManager(kept('agent/b'), 'agent/a', true), { decision: 'sync' });
});
