import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { type CompareFacts, decideAfterCompare, decideReconcile, decideRetry, type ReconcileFacts } from './decide-reconcile.js';

const cases = parse(readFileSync(new URL('./testdata/reconcile-decisions.yaml', import.meta.url), 'utf8')) as {
  before: Array<{ name: string; facts: ReconcileFacts; step: unknown }>;
  after: Array<{ name: string; facts: CompareFacts; step: unknown }>;
};

describe('the reconcile decision', () => {
  for (const c of cases.before) test(c.name, () => assert.deepEqual(decideReconcile(c.facts), c.step));
});

describe('the decision after a comparison', () => {
  for (const c of cases.after) test(c.name, () => assert.deepEqual(decideAfterCompare(c.facts), c.step));
});

describe('the retry decision', () => {
  const retry = { limit: 3, durationMs: 5000, factor: 2, maxDurationMs: 12_000 };
  test('retries back off by the factor up to the maximum, then stop after the limit', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => decideRetry(n, retry)),
      [5000, 10_000, 12_000, undefined],
    );
  });
});
