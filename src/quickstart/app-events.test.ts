import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppStatus, SyncRecord } from '../store/store.js';
import { describeStatusChange, describeSync } from './app-events.js';

const ref = (kind: string, name: string) => ({ group: 'host.tideway.dev', version: 'v1alpha1', kind, name });
const sync = (over: Partial<SyncRecord>): SyncRecord => ({
  id: 2,
  app: 'quickstart',
  revision: { sha: '4f3e2a1b9c8d', author: 'Ada', message: 'Say hello from Git\n\nbody' },
  trigger: 'poll',
  who: 'Ada',
  startedAt: '2024-01-01T00:00:00Z',
  result: 'Succeeded',
  entries: [],
  ...over,
});
const status = (over: Partial<AppStatus>): AppStatus => ({
  app: 'quickstart',
  syncStatus: 'Synced',
  health: { status: 'Healthy' },
  conditions: [],
  paused: false,
  updatedAt: '2024-01-01T00:00:00Z',
  ...over,
});

test('a sync line names the result, revision, trigger and the objects that changed', () => {
  assert.equal(
    describeSync(
      sync({
        entries: [
          { ref: ref('File', 'greeter-config'), action: 'configured' },
          { ref: ref('File', 'greeter-code'), action: 'unchanged' },
          { ref: ref('Service', 'greeter'), action: 'configured' },
        ],
      }),
    ),
    'sync #2 Succeeded: 4f3e2a1 "Say hello from Git" (poll, by Ada): File/greeter-config configured, Service/greeter configured',
  );
  assert.equal(
    describeSync(sync({ result: 'Failed', message: '1 object(s) failed', who: undefined })),
    'sync #2 Failed (1 object(s) failed): 4f3e2a1 "Say hello from Git" (poll): nothing changed',
  );
});

test('status changes: sync status, health and each new condition, nothing when nothing changed', () => {
  const healthy = status({ revision: { sha: 'abcdef123456' } });
  assert.deepEqual(describeStatusChange(undefined, healthy), ['sync status: Synced at abcdef1', 'health: Healthy']);
  assert.deepEqual(describeStatusChange(healthy, { ...healthy, updatedAt: 'later' }), []);
  const degraded = status({
    revision: { sha: 'abcdef123456' },
    health: { status: 'Degraded', message: 'replica 0 is crash-looping' },
    conditions: [{ type: 'SyncError', message: 'boom', since: 'x' }],
  });
  assert.deepEqual(describeStatusChange(healthy, degraded), ['health: Degraded (replica 0 is crash-looping)', 'SyncError: boom']);
  assert.deepEqual(describeStatusChange(degraded, degraded), []);
});
