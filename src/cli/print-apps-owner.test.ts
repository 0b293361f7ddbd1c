import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppView } from '../agent/agent-control.js';
import { formatAppDetails, formatAppsTable } from './print-apps.js';

const base: AppView = {
  name: 'web',
  source: { repoURL: 'https://git.example/repo.git', targetRevision: 'main', path: 'web' },
  destination: { target: 'kubernetes', namespace: 'web' },
  automated: true,
  prune: true,
  selfHeal: true,
  status: undefined,
};
const now = new Date('2026-12-06T03:00:00Z');

test('status shows which replica owns each app when the agent runs sharded, and no owner column otherwise', () => {
  const cases: Array<{ apps: AppView[]; header: RegExp | null; cells: string[] }> = [
    { apps: [base], header: null, cells: [] },
    {
      apps: [
        { ...base, shard: 1, owner: 'replica-a' },
        { ...base, name: 'api', shard: 2, owner: '' },
      ],
      header: /OWNER \(SHARD\)/,
      cells: ['replica-a (shard 1)', 'none (shard 2)'],
    },
  ];
  for (const c of cases) {
    const table = formatAppsTable(c.apps, now);
    if (c.header) assert.match(table.split('\n')[0], c.header);
    else assert.doesNotMatch(table, /OWNER/);
    for (const cell of c.cells) assert.ok(table.includes(cell), `${cell} in\n${table}`);
  }
  assert.match(formatAppDetails({ ...base, shard: 0, owner: 'replica-b' }, now), /Owner:\s+replica-b \(shard 0\)/);
  assert.doesNotMatch(formatAppDetails(base, now), /Owner/);
});
