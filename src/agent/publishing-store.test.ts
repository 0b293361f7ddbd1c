import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openMemoryStore } from '../store/memory/index.js';
import { createAgentEvents, type AgentEvent } from './agent-events.js';
import { publishingStore } from './publishing-store.js';

test('every recorded change is published once the store has it: status, sync start and end, audit, removal', async () => {
  const events = createAgentEvents();
  const seen: AgentEvent[] = [];
  events.subscribe((e) => seen.push(e));
  const store = publishingStore(openMemoryStore(), events);
  await store.patchStatus('web', { syncStatus: 'OutOfSync' });
  const id = await store.startSync({ app: 'web', revision: { sha: 'a'.repeat(40) }, trigger: 'user', who: 'ada' });
  await store.finishSync(id, { result: 'Succeeded', entries: [] });
  await store.appendAudit({ actor: 'ada', action: 'sync.requested', app: 'web', detail: {} });
  await store.deleteApp('web');
  assert.deepEqual(
    seen.map((e) => e.type),
    ['app.status', 'sync.started', 'app.status', 'sync.finished', 'app.status', 'audit', 'app.removed'],
  );
  const finished = seen.find((e) => e.type === 'sync.finished');
  assert.deepEqual(finished, { type: 'sync.finished', app: 'web', id, result: 'Succeeded', message: undefined });
  const last = seen.filter((e) => e.type === 'app.status').at(-1);
  assert.equal(last?.type === 'app.status' && last.status.lastSync?.result, 'Succeeded', 'the status after the sync carries it');
  assert.equal((await store.listHistory('web')).length, 0, 'reads pass through');
});

test('a listener that throws does not stop the others, nor the write', async () => {
  const errors: unknown[] = [];
  const events = createAgentEvents((e) => errors.push(e));
  const seen: string[] = [];
  events.subscribe(() => {
    throw new Error('boom');
  });
  events.subscribe((e) => seen.push(e.type));
  const store = publishingStore(openMemoryStore(), events);
  await store.patchStatus('web', { paused: true });
  assert.deepEqual(seen, ['app.status']);
  assert.equal(errors.length, 1);
  assert.equal((await store.getStatus('web'))?.paused, true);
});
