import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAuthService } from '../../auth/auth-service.js';
import { openMemoryAuthStore } from '../../auth/memory/memory-auth-store.js';
import { silentLogger } from '../../log/logger.js';
import type { AppStatus } from '../../store/store.js';
import { createAgentMetrics } from '../metrics.js';
import { createApiApp } from './create-api-app.js';
import { testToken } from './testdata/api-harness.js';
import { createFakeControl } from './testdata/fake-control.js';

/** Reads a Server-Sent Events body to its end (or `limitMs`). */
async function readAll(res: Response, limitMs = 3000): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

const status = (app: string): AppStatus => ({
  app,
  syncStatus: 'OutOfSync',
  health: { status: 'Healthy' },
  conditions: [],
  paused: false,
  updatedAt: '2025-01-01T00:00:00.000Z',
});
const events = (text: string) => [...text.matchAll(/^event: (.*)\ndata: (.*)$/gm)].map((m) => [m[1], JSON.parse(m[2]).app ?? null]);

async function streamAs(authorization: string, publish: (control: ReturnType<typeof createFakeControl>) => void) {
  const control = createFakeControl();
  const auth = createAuthService({
    store: openMemoryAuthStore(),
    config: { users: [{ name: 'vera', grants: [{ role: 'viewer', apps: ['web'] }] }], sessionTtlMs: 60_000 },
    adminToken: testToken,
  });
  const vera = await auth.createToken('vera', 'sse', undefined, 'test');
  const app = createApiApp({ control, token: testToken, metrics: createAgentMetrics(), log: silentLogger, auth });
  const res = await app.request('/api/v1/events', {
    headers: { authorization: authorization === 'vera' ? `Bearer ${vera.token}` : `Bearer ${testToken}` },
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  assert.equal(res.headers.get('cache-control'), 'no-cache');
  const reading = readAll(res);
  await new Promise((r) => setTimeout(r, 20));
  publish(control);
  control.events.publish({ type: 'agent.stopping' });
  return reading;
}

const publishMix = (control: ReturnType<typeof createFakeControl>) => {
  control.events.publish({ type: 'app.status', app: 'web', status: status('web') });
  control.events.publish({ type: 'app.status', app: 'edge', status: status('edge') });
  control.events.publish({
    type: 'audit',
    event: { id: 1, at: '2025-01-01T00:00:00.000Z', actor: 'agent', action: 'agent.started', detail: {} },
  });
  control.events.publish({ type: 'sync.finished', app: 'web', id: 4, result: 'Succeeded' });
};

test('GET /api/v1/events: an admin gets every event as SSE; the stream ends when the agent stops', async () => {
  const text = await streamAs('admin', publishMix);
  assert.deepEqual(events(text), [
    ['hello', null],
    ['app.status', 'web'],
    ['app.status', 'edge'],
    ['audit', null],
    ['sync.finished', 'web'],
  ]);
});

test('GET /api/v1/events: a viewer gets only the events of the apps granted, and no agent-wide audit', async () => {
  const text = await streamAs('vera', publishMix);
  assert.deepEqual(events(text), [
    ['hello', null],
    ['app.status', 'web'],
    ['sync.finished', 'web'],
  ]);
});
