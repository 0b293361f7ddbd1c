import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planWebhookForwards, type ForwardInput, type ForwardPlan } from './plan-webhook-forwards.js';

const urls = { 'replica-b': 'http://10.0.0.2:7780', 'replica-c': 'http://10.0.0.3:7780' };

test('which matched apps of files go to which owner URL', () => {
  const cases: Array<[string, ForwardInput, ForwardPlan]> = [
    ['nothing matched: nothing forwarded', { self: 'replica-a', apps: [], urls }, { forwards: [], unrouted: [] }],
    [
      'apps of this replica are not forwarded',
      { self: 'replica-a', apps: [{ app: 'web', owner: 'replica-a' }], urls },
      { forwards: [], unrouted: [] },
    ],
    [
      'one forward per owner, its apps sorted, owners in order',
      {
        self: 'replica-a',
        apps: [
          { app: 'web', owner: 'replica-c' },
          { app: 'api', owner: 'replica-b' },
          { app: 'db', owner: 'replica-c' },
          { app: 'mine', owner: 'replica-a' },
        ],
        urls,
      },
      {
        forwards: [
          { owner: 'replica-b', url: 'http://10.0.0.2:7780', apps: ['api'] },
          { owner: 'replica-c', url: 'http://10.0.0.3:7780', apps: ['db', 'web'] },
        ],
        unrouted: [],
      },
    ],
    [
      'a shard nobody holds: not forwarded, said why',
      { self: 'replica-a', apps: [{ app: 'web', owner: '' }], urls },
      { forwards: [], unrouted: [{ app: 'web', reason: 'no replica holds its shard now' }] },
    ],
    [
      'an owner without an advertised URL (an older replica): not forwarded, said why',
      {
        self: 'replica-a',
        apps: [
          { app: 'web', owner: 'replica-d' },
          { app: 'api', owner: 'replica-b' },
        ],
        urls,
      },
      {
        forwards: [{ owner: 'replica-b', url: 'http://10.0.0.2:7780', apps: ['api'] }],
        unrouted: [{ app: 'web', reason: 'replica replica-d advertises no API URL' }],
      },
    ],
    [
      'a forwarded request is never forwarded again (the owner changed meanwhile)',
      {
        self: 'replica-b',
        apps: [
          { app: 'web', owner: 'replica-c' },
          { app: 'api', owner: 'replica-b' },
        ],
        urls,
        forwardedBy: 'replica-a',
      },
      { forwards: [], unrouted: [{ app: 'web', reason: 'forwarded by replica-a: not forwarded again' }] },
    ],
  ];
  for (const [name, input, want] of cases) assert.deepEqual(planWebhookForwards(input), want, name);
});
