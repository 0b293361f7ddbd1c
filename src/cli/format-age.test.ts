import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAge, formatDuration } from './format-age.js';
import { formatTable, truncate } from './format-table.js';
import { shortRevision } from './print-apps.js';

const now = new Date('2024-05-01T12:00:00Z');

test('ages are shown in the largest whole unit', () => {
  const cases: [string | undefined, string][] = [
    [undefined, '-'],
    ['2024-05-01T12:00:00Z', 'just now'],
    ['2024-05-01T12:00:05Z', 'just now'],
    ['2024-05-01T11:59:15Z', '45s ago'],
    ['2024-05-01T11:57:00Z', '3m ago'],
    ['2024-05-01T09:59:00Z', '2h ago'],
    ['2024-04-26T12:00:00Z', '5d ago'],
    ['not a date', 'not a date'],
  ];
  for (const [iso, expected] of cases) assert.equal(formatAge(iso, now), expected, String(iso));
});

test('durations are seconds under a minute, then minutes and seconds', () => {
  assert.equal(formatDuration('2024-05-01T12:00:00Z', '2024-05-01T12:00:12Z'), '12s');
  assert.equal(formatDuration('2024-05-01T12:00:00Z', '2024-05-01T12:03:04Z'), '3m4s');
});

test('tables pad every column but the last, and trim trailing spaces', () => {
  assert.equal(
    formatTable(
      ['A', 'BB', 'C'],
      [
        ['xxx', '', ''],
        ['y', 'z', 'last'],
      ],
    ),
    'A     BB   C\nxxx\ny     z    last',
  );
});

test('revisions show a 7-character SHA and the first line of the message, cut with an ellipsis', () => {
  assert.equal(shortRevision(undefined), '-');
  assert.equal(shortRevision({ sha: 'abcdef0123456789' }), 'abcdef0');
  assert.equal(shortRevision({ sha: 'abcdef0123456789', message: 'Fix it\n\nbody' }), 'abcdef0 Fix it');
  assert.equal(shortRevision({ sha: 'abcdef0123456789', message: 'a'.repeat(50) }, 10), `abcdef0 ${'a'.repeat(9)}…`);
  assert.equal(truncate('short', 10), 'short');
});
