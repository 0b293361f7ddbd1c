import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeSourcePath } from './source-path.js';

test('source paths are normalised to relative POSIX form', () => {
  const cases: Array<[string, string]> = [
    ['.', '.'],
    ['', '.'],
    ['./', '.'],
    ['apps', 'apps'],
    ['./apps//web/', 'apps/web'],
    ['apps/./web', 'apps/web'],
    ['a..b/c', 'a..b/c'],
    ['.config', '.config'],
  ];
  for (const [raw, expected] of cases) assert.equal(normalizeSourcePath(raw), expected, raw);
});

test('paths that could leave the checkout are refused', () => {
  const cases: Array<[string, RegExp]> = [
    ['/etc', /not absolute/],
    ['..', /must not contain "\.\."/],
    ['apps/../..', /must not contain "\.\."/],
    ['apps/..', /must not contain "\.\."/],
    ['apps\\..\\x', /separator/],
    ['apps\nx', /control characters/],
  ];
  for (const [raw, reason] of cases)
    assert.throws(
      () => normalizeSourcePath(raw, 'p'),
      (e: Error) => e.message.startsWith('p: ') && reason.test(e.message),
      raw,
    );
});
