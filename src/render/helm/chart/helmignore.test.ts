import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HelmIgnoreError, parseHelmIgnore } from './helmignore.js';

describe('.helmignore rules', () => {
  const rules = parseHelmIgnore('# comment\n*.md\n/ci\ndocs/\nfiles/*.tmp\n');
  const cases: [string, boolean, boolean][] = [
    ['README.md', false, true],
    ['templates/NOTES.md', false, true],
    ['ci', true, true],
    ['sub/ci', true, false],
    ['docs', true, true],
    ['docs', false, false],
    ['files/a.tmp', false, true],
    ['files/a.txt', false, false],
    ['templates/.hidden', false, true],
    ['templates/deploy.yaml', false, false],
  ];
  for (const [path, isDir, ignored] of cases) {
    test(`${ignored ? 'ignores' : 'keeps'} ${path}${isDir ? '/' : ''}`, () => assert.equal(rules.ignore(path, isDir), ignored));
  }
  test('refuses ** as Helm does', () => assert.throws(() => parseHelmIgnore('a/**/b'), HelmIgnoreError));
});

describe('.helmignore patterns with dashes and dots', () => {
  test('match literally', () => {
    const rules = parseHelmIgnore('my-file.txt\nci-*\n');
    assert.equal(rules.ignore('my-file.txt', false), true);
    assert.equal(rules.ignore('myxfile.txt', false), false);
    assert.equal(rules.ignore('ci-values.yaml', false), true);
  });
});
