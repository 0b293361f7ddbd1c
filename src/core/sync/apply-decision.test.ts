import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { type ApplyDecision, type ApplyFacts, decideAfterVerify, decideApply } from './apply-decision.js';

const cases = parse(readFileSync(new URL('./testdata/apply-decisions.yaml', import.meta.url), 'utf8')) as Array<{
  name: string;
  facts: ApplyFacts;
  decision: ApplyDecision;
}>;

describe('the apply decision', () => {
  for (const c of cases) {
    test(c.name, () => assert.equal(decideApply(c.facts), c.decision));
  }
});

describe('after a verify', () => {
  test('an apply that would change nothing writes nothing', () => {
    assert.equal(decideAfterVerify({ wouldChange: false, dryRun: false }), 'unchanged');
    assert.equal(decideAfterVerify({ wouldChange: false, dryRun: true }), 'unchanged');
  });
  test('a change is applied, or reported as configured on a dry run', () => {
    assert.equal(decideAfterVerify({ wouldChange: true, dryRun: false }), 'apply');
    assert.equal(decideAfterVerify({ wouldChange: true, dryRun: true }), 'configured');
  });
});
