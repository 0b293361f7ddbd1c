import assert from 'node:assert/strict';
import { test } from 'node:test';
import { didYouMean } from './did-you-mean.js';

const commands = ['render', 'diff', 'sync', 'health', 'agent', 'up', 'status', 'history', 'rollback', 'resume', 'audit', 'version'];
const cases: [string, string | undefined][] = [
  ['statu', 'status'],
  ['stauts', 'status'],
  ['histroy', 'history'],
  ['rollbak', 'rollback'],
  ['snyc', 'sync'],
  ['dif', 'diff'],
  ['hist', 'history'],
  ['x', undefined],
  ['deploy', undefined],
  ['kubectl', undefined],
];

test('did you mean: a typo (at most 2 edits, or a prefix of 3+ letters) names the closest command; anything else names none', () => {
  for (const [typed, expected] of cases) assert.equal(didYouMean(typed, commands), expected, typed);
});

test('did you mean works on flags as typed, dashes included', () => {
  const flags = ['--agent', '--data-dir', '--output', '--help', '--timeout', '--dry-run'];
  assert.equal(didYouMean('--agnet', flags), '--agent');
  assert.equal(didYouMean('--dryrun', flags), '--dry-run');
  assert.equal(didYouMean('--timout', flags), '--timeout');
  assert.equal(didYouMean('--colour', flags), undefined);
});
