import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { silentLogger } from '../../log/logger.js';
import { openMemoryStore } from '../../store/memory/index.js';
import { createAgentControl } from '../agent-control-impl.js';
import { createAgentEvents } from '../agent-events.js';
import { createAgentMetrics } from '../metrics.js';
import { createRefusalAudit } from './refusal-audit.js';
import { createRefusalLimiter } from './refusal-limiter.js';

test('6,000 refused webhooks over 32 s make two audit rows: the first at once, the rest counted in one summary', async () => {
  let now = Date.parse('2025-01-01T00:00:00Z');
  const store = openMemoryStore({ clock: () => new Date(now) });
  const audit = createRefusalAudit(store, () => new Date(now));
  for (let i = 0; i < 6000; i++) {
    await audit.note({ provider: i % 2 ? 'github' : 'gitlab', status: 401, reason: i % 3 ? 'signature mismatch' : 'missing signature' });
    now += 32_000 / 6000;
  }
  now += 60_000;
  await audit.flush(); // what the window's timer (or the agent stopping) does
  const rows = await store.listAudit();
  assert.equal(rows.length, 2);
  assert.deepEqual(
    rows.map((r) => [r.action, r.detail.refused]),
    [
      ['webhook.rejected', 1],
      ['webhook.rejected', 5999],
    ],
  );
  assert.deepEqual(rows[1].detail.providers, { github: 3000, gitlab: 2999 });
  assert.deepEqual(rows[1].detail.statuses, { '401': 5999 });
  await audit.flush();
  assert.equal((await store.listAudit()).length, 2, 'nothing more to write');
});

test('the agent control counts every forged webhook in metrics and audits them in summary, not one row each', async () => {
  const store = openMemoryStore();
  const metrics = createAgentMetrics();
  const control = createAgentControl({
    store,
    registry: { list: () => [], get: () => undefined } as never,
    queue: {} as never,
    fetcher: {} as never,
    log: silentLogger,
    metrics,
    clock: () => new Date(),
    secrets: { github: 'the-real-secret' },
    isReady: () => true,
    events: createAgentEvents(),
    resources: {} as never,
  });
  const body = Buffer.from('{"ref":"refs/heads/main"}');
  const forged = `sha256=${createHmac('sha256', 'a-guess').update(body).digest('hex')}`;
  for (let i = 0; i < 200; i++) {
    const answer = await control.webhook('github', { headers: { 'x-github-event': 'push', 'x-hub-signature-256': forged }, body });
    assert.equal(answer.status, 401);
  }
  const rows = await store.listAudit();
  assert.equal(rows.length, 1, 'one row now; the others are in the next summary');
  assert.equal(rows[0].detail.refused, 1);
  const metric = (await metrics.registry.getSingleMetricAsString('tideway_webhooks_total'))
    .split('\n')
    .find((l) => l.includes('status="401"'));
  assert.match(metric ?? '', / 200$/);
});

test('the refusal limiter limits each address on its own and gives tokens back over time', () => {
  let now = 0;
  const limiter = createRefusalLimiter({ burst: 3, perMinute: 6, now: () => now });
  for (let i = 0; i < 3; i++) {
    assert.equal(limiter.limited('10.0.0.1'), false);
    limiter.charge('10.0.0.1');
  }
  assert.equal(limiter.limited('10.0.0.1'), true);
  assert.equal(limiter.retryAfterSeconds('10.0.0.1'), 10);
  assert.equal(limiter.limited('10.0.0.2'), false, 'another address is not affected');
  now += 10_000;
  assert.equal(limiter.limited('10.0.0.1'), false);
});
