import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseVersion, satisfies } from './semver.js';

describe('Masterminds versions and constraints', () => {
  test('reads short and v-prefixed versions', () => {
    assert.equal(parseVersion('1.2'), '1.2.0');
    assert.equal(parseVersion('v1.20.0'), '1.20.0');
    assert.equal(parseVersion('1.99.0-gke'), '1.99.0-gke');
    assert.equal(parseVersion('foo'), undefined);
  });
  const cases: [string, string, boolean][] = [
    ['1.2.3', '>=1.2.0', true],
    ['1.2.3', '>= 1.2.0, < 1.3.0', true],
    ['1.3.0', '>= 1.2.0, < 1.3.0', false],
    ['1.2.3', '^1.0.0', true],
    ['2.0.0', '^1.0.0 || ^2.0.0', true],
    ['1.2.3', '~1.2', true],
    ['1.2.3', '1.2.x', true],
    ['v1.99.0-gke', '>=1.21.0-0', true],
    ['v1.99.0-gke', '>=1.21.0', false],
    ['1.20.0', '>=1.16.0-0', true],
    ['0.1.0', '', false],
    ['1.2.3', '!=1.2.3', false],
    ['1.2.4', '!=1.2.3', true],
  ];
  for (const [v, c, ok] of cases) test(`${v} ${ok ? 'satisfies' : 'does not satisfy'} "${c}"`, () => assert.equal(satisfies(v, c), ok));
});
