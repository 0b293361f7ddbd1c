import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writesLifecycleAudit, type LifecycleAuditInput } from './app-lifecycle-audit.js';

test('which replica writes an app lifecycle audit row', () => {
  const cases: Array<[string, LifecycleAuditInput, boolean]> = [
    ['a single agent writes app.added', { action: 'app.added', sharded: false, owns: false }, true],
    [
      'a single agent writes app.added even when the store already has one',
      { action: 'app.added', sharded: false, owns: false, lastRecorded: 'app.added' },
      true,
    ],
    ['a single agent writes app.removed', { action: 'app.removed', sharded: false, owns: false }, true],
    ['sharded, not the owner: no app.added', { action: 'app.added', sharded: true, owns: false }, false],
    ['sharded, not the owner: no app.updated', { action: 'app.updated', sharded: true, owns: false }, false],
    ['sharded, not the owner: no app.removed', { action: 'app.removed', sharded: true, owns: false }, false],
    ['sharded owner, app never recorded: app.added', { action: 'app.added', sharded: true, owns: true }, true],
    [
      'sharded owner, app recorded by a previous holder: nothing',
      { action: 'app.added', sharded: true, owns: true, lastRecorded: 'app.added' },
      false,
    ],
    ['sharded owner, app updated since: nothing', { action: 'app.added', sharded: true, owns: true, lastRecorded: 'app.updated' }, false],
    [
      'sharded owner, app removed then back: app.added again',
      { action: 'app.added', sharded: true, owns: true, lastRecorded: 'app.removed' },
      true,
    ],
    ['sharded owner: app.updated', { action: 'app.updated', sharded: true, owns: true, lastRecorded: 'app.added' }, true],
    ['sharded owner: app.removed', { action: 'app.removed', sharded: true, owns: true, lastRecorded: 'app.added' }, true],
  ];
  for (const [name, input, want] of cases) assert.equal(writesLifecycleAudit(input), want, name);
});
