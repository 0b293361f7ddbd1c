import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentControl, AppView } from '../agent/agent-control.js';
import type { AppStatus, SyncRecord } from '../store/store.js';
import { followApp } from './follow-app.js';

/** Just the two reads followApp makes, over values the test changes. */
function fakeControl(state: { status?: AppStatus; history: SyncRecord[] }): AgentControl {
  const view = (): AppView => ({
    name: 'qs',
    source: { repoURL: '/r', targetRevision: 'HEAD', path: '.' },
    destination: { target: 'host' },
    automated: true,
    prune: true,
    selfHeal: true,
    status: state.status,
  });
  return {
    getApp: (name: string) => (name === 'qs' ? view() : undefined),
    history: () => [...state.history].reverse(),
  } as unknown as AgentControl;
}
const status = (over: Partial<AppStatus>): AppStatus => ({
  app: 'qs',
  syncStatus: 'Synced',
  health: { status: 'Healthy' },
  conditions: [],
  paused: false,
  updatedAt: '2030-01-01T00:00:00.000Z',
  ...over,
});
const sync = (id: number, result: SyncRecord['result']): SyncRecord => ({
  id,
  app: 'qs',
  revision: { sha: `${id}`.repeat(8) },
  trigger: 'poll',
  startedAt: 'x',
  result,
  entries: [],
});

test("an earlier run's Healthy status does not count; the app is ready once this run reports Synced and Healthy", async () => {
  const state: { status?: AppStatus; history: SyncRecord[] } = {
    status: status({ updatedAt: '2020-01-01T00:00:00.000Z' }),
    history: [sync(1, 'Succeeded')],
  };
  const lines: string[] = [];
  const follower = followApp(fakeControl(state), 'qs', (l) => lines.push(l), { since: '2025-01-01T00:00:00.000Z', pollMs: 10 });
  try {
    let ready = false;
    const waiting = follower.untilReady({ timeoutMs: 5000 }).then((v) => {
      ready = true;
      return v;
    });
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(ready, false, 'stale status ignored');
    state.history.push(sync(2, 'Running'));
    state.status = status({ health: { status: 'Progressing' } });
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(ready, false, 'Progressing is not ready');
    state.history[1] = sync(2, 'Succeeded');
    state.status = status({});
    const view = await waiting;
    assert.equal(view.status?.health.status, 'Healthy');
    assert.deepEqual(
      lines,
      ['sync status: Synced', 'health: Progressing', 'sync #2 Succeeded: 2222222 (poll): nothing changed', 'health: Healthy'],
      "the earlier run's sync is not repeated; the running one is told once it finished",
    );
  } finally {
    follower.stop();
  }
});

test('waiting gives up after the timeout with the last status, or at once when aborted', async () => {
  const state = {
    status: status({
      syncStatus: 'OutOfSync',
      health: { status: 'Degraded' },
      conditions: [{ type: 'SyncError' as const, message: 'boom', since: 'x' }],
    }),
    history: [],
  };
  const follower = followApp(fakeControl(state), 'qs', () => {}, { since: '2025-01-01T00:00:00.000Z', pollMs: 10 });
  try {
    await assert.rejects(
      follower.untilReady({ timeoutMs: 100 }),
      /qs is not Synced and Healthy after 0.1 s \(OutOfSync, Degraded; SyncError: boom\)/,
    );
    const abort = new AbortController();
    const waiting = follower.untilReady({ timeoutMs: 10_000, signal: abort.signal });
    abort.abort();
    await assert.rejects(waiting, /stopped before qs was ready/);
  } finally {
    follower.stop();
  }
});
