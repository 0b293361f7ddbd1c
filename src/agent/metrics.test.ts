import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAgentMetrics, refreshAppGauges } from './metrics.js';
import { createFakeControl } from './http/testdata/fake-control.js';

describe('agent metrics', () => {
  test('the exposition names every tideway metric with its type, plus process and Node.js metrics', async () => {
    const metrics = createAgentMetrics();
    const text = await metrics.registry.metrics();
    const expected: [string, string][] = [
      ['tideway_reconcile_duration_seconds', 'histogram'],
      ['tideway_syncs_total', 'counter'],
      ['tideway_drift_events_total', 'counter'],
      ['tideway_git_fetch_duration_seconds', 'histogram'],
      ['tideway_queue_depth', 'gauge'],
      ['tideway_apps_by_sync_status', 'gauge'],
      ['tideway_apps_by_health', 'gauge'],
      ['tideway_webhooks_total', 'counter'],
    ];
    for (const [name, type] of expected) assert.match(text, new RegExp(`^# TYPE ${name} ${type}$`, 'm'), name);
    assert.match(text, /^# TYPE process_resident_memory_bytes gauge$/m);
    assert.match(text, /^# TYPE nodejs_eventloop_lag_seconds gauge$/m);
  });

  test('observations appear with their labels', async () => {
    const m = createAgentMetrics();
    m.reconcileDuration.observe({ app: 'web', result: 'failed' }, 2);
    m.driftEvents.inc({ app: 'web' });
    m.gitFetchDuration.observe({ result: 'ok' }, 0.2);
    m.webhooksTotal.inc({ provider: 'github', status: '202' });
    const text = await m.registry.metrics();
    assert.match(text, /^tideway_reconcile_duration_seconds_bucket\{le="2.5",app="web",result="failed"\} 1$/m);
    assert.match(text, /^tideway_drift_events_total\{app="web"\} 1$/m);
    assert.match(text, /^tideway_git_fetch_duration_seconds_sum\{result="ok"\} 0.2$/m);
    assert.match(text, /^tideway_webhooks_total\{provider="github",status="202"\} 1$/m);
  });

  test('two agents in one process keep separate registries and nothing lands on the global one', async () => {
    const a = createAgentMetrics();
    const b = createAgentMetrics();
    a.queueDepth.set(7);
    assert.match(await a.registry.metrics(), /^tideway_queue_depth 7$/m);
    assert.match(await b.registry.metrics(), /^tideway_queue_depth 0$/m);
    const { register } = await import('prom-client');
    assert.doesNotMatch(await register.metrics(), /tideway_/);
  });

  test('refreshAppGauges counts apps per value, zero for the rest, and resets on each refresh', async () => {
    const m = createAgentMetrics();
    const apps = await createFakeControl().listApps();
    refreshAppGauges(m, [...apps, { ...apps[0], name: 'new', status: undefined }]);
    let text = await m.registry.metrics();
    assert.match(text, /^tideway_apps_by_sync_status\{status="Unknown"\} 1$/m);
    assert.match(text, /^tideway_apps_by_health\{health="Unknown"\} 1$/m);
    assert.match(text, /^tideway_apps_by_health\{health="Missing"\} 0$/m);
    refreshAppGauges(m, []);
    text = await m.registry.metrics();
    assert.match(text, /^tideway_apps_by_sync_status\{status="Synced"\} 0$/m);
    assert.match(text, /^tideway_apps_by_health\{health="Degraded"\} 0$/m);
  });
});
