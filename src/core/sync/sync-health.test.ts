import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChangeSetEntry } from './change-set.js';
import { syncHealth } from './sync-health.js';

const ref = (name: string) => ({ group: '', kind: 'ConfigMap', namespace: 'app', name });
const healthy = (name: string): ChangeSetEntry => ({ ref: ref(name), action: 'configured', health: { status: 'Healthy' } });
const failed = (name: string): ChangeSetEntry => ({ ref: ref(name), action: 'failed', reason: 'Timeout', message: 'apply timed out' });
const wouldCreate = (name: string): ChangeSetEntry => ({ ref: ref(name), action: 'created', health: { status: 'Healthy' } });

test('an app health reflects failed and missing objects, not only the ones that applied', () => {
  const cases: Array<[string, ChangeSetEntry[], boolean, 'Healthy' | 'Degraded' | 'Missing' | 'Progressing' | undefined, string]> = [
    ['all applied and healthy', [healthy('a'), healthy('b')], false, undefined, 'Healthy'],
    ['5 failed applies, the rest healthy', [healthy('a'), ...['1', '2', '3', '4', '5'].map(failed)], false, undefined, 'Degraded'],
    [
      '3 objects a comparison would create (missing live)',
      [healthy('a'), wouldCreate('x'), wouldCreate('y'), wouldCreate('z')],
      true,
      undefined,
      'Missing',
    ],
    ['created by a real sync: the health the target saw', [wouldCreate('x')], false, undefined, 'Healthy'],
    ['failed and missing: the worse, Degraded', [failed('f'), wouldCreate('x')], true, undefined, 'Degraded'],
    ['waited for health, then a failed apply', [healthy('a'), failed('f')], false, 'Healthy', 'Degraded'],
    ['waited for health, nothing failed', [healthy('a')], false, 'Progressing', 'Progressing'],
    ['no objects', [], false, undefined, 'Healthy'],
  ];
  for (const [name, entries, dryRun, observed, expected] of cases) assert.equal(syncHealth(entries, dryRun, observed), expected, name);
});
