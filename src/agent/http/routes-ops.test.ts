import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiHarness } from './testdata/api-harness.js';

describe('probes and metrics', () => {
  test('/healthz is 200 ok with no token', async () => {
    const { app } = apiHarness();
    const res = await app.request('/healthz');
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'ok');
  });

  test('/readyz is 503 until the control is ready, then 200', async () => {
    const { app, control } = apiHarness();
    const before = await app.request('/readyz');
    assert.equal(before.status, 503);
    assert.equal(await before.text(), 'not ready');
    control.setReady(true);
    const after = await app.request('/readyz');
    assert.equal(after.status, 200);
    assert.equal(await after.text(), 'ready');
    control.setReady(false);
    assert.equal((await app.request('/readyz')).status, 503);
  });

  test("/metrics is Prometheus text with the agent's metrics and apps counted by sync status and health", async () => {
    const { app, metrics } = apiHarness();
    metrics.syncsTotal.inc({ result: 'Succeeded', trigger: 'webhook' });
    metrics.reconcileDuration.observe({ app: 'web', result: 'succeeded' }, 0.3);
    metrics.queueDepth.set(4);
    const res = await app.request('/metrics');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    assert.match(text, /^tideway_syncs_total\{result="Succeeded",trigger="webhook"\} 1$/m);
    assert.match(text, /^tideway_reconcile_duration_seconds_count\{app="web",result="succeeded"\} 1$/m);
    assert.match(text, /^tideway_queue_depth 4$/m);
    assert.match(text, /^tideway_apps_by_sync_status\{status="Synced"\} 1$/m);
    assert.match(text, /^tideway_apps_by_sync_status\{status="OutOfSync"\} 1$/m);
    assert.match(text, /^tideway_apps_by_sync_status\{status="Unknown"\} 0$/m);
    assert.match(text, /^tideway_apps_by_health\{health="Degraded"\} 1$/m);
    assert.match(text, /^tideway_apps_by_health\{health="Healthy"\} 1$/m);
    assert.match(text, /^process_cpu_user_seconds_total /m);
  });

  test('an unknown path is a JSON 404', async () => {
    const { app } = apiHarness();
    const res = await app.request('/nope');
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { error: 'no route for GET /nope' });
  });
});
