import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { type DependencyStatus, describeWaits, pendingDependencies } from './dependencies.js';

const cases = parse(readFileSync(new URL('./testdata/dependencies.yaml', import.meta.url), 'utf8')) as Array<{
  name: string;
  dependsOn: string[];
  statuses: Record<string, DependencyStatus>;
  waits: unknown[];
}>;

describe('the dependencies an app waits for', () => {
  for (const c of cases) {
    test(c.name, () =>
      assert.deepEqual(
        pendingDependencies(
          c.dependsOn.map((name) => ({ name })),
          (name) => c.statuses[name],
        ),
        c.waits,
      ),
    );
  }
  test('the wait is described naming each dependency and why', () =>
    assert.equal(
      describeWaits([
        { name: 'db', reason: 'not Healthy (Progressing)' },
        { name: 'cache', reason: 'no such application yet' },
      ]),
      'waiting for db (not Healthy (Progressing)), cache (no such application yet)',
    ));
});
