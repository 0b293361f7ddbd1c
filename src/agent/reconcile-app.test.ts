import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appHealth } from './reconcile-app.js';

test('the app health names the object that makes it so', async () => {
  const result = {
    app: 'a',
    revision: { sha: 'x' },
    dryRun: false,
    phase: 'Succeeded' as const,
    health: 'Degraded' as const,
    startedAt: '',
    finishedAt: '',
    entries: [
      {
        ref: { group: '', kind: 'ConfigMap', namespace: 'n', name: 'c' },
        action: 'unchanged' as const,
        health: { status: 'Healthy' as const },
      },
      {
        ref: { group: 'apps', kind: 'Deployment', namespace: 'n', name: 'web' },
        action: 'configured' as const,
        health: { status: 'Degraded' as const, message: 'progress deadline exceeded' },
      },
    ],
  };
  assert.deepEqual(appHealth(result), { status: 'Degraded', message: 'Deployment/n/web: progress deadline exceeded' });
  assert.deepEqual(appHealth({ ...result, health: 'Healthy' }), { status: 'Healthy' });
});
