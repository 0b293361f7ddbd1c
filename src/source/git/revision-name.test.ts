import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isFullSha, revisionCandidates, revisionNameProblem } from './revision-name.js';

describe('revision names', () => {
  for (const name of ['main', 'release/1.2', 'v1.0.0', 'feature_x-y', 'refs/heads/main', 'deadbeef', 'a'.repeat(40), 'ünïcode']) {
    test(`${JSON.stringify(name)} can name a branch, tag or commit`, () => assert.equal(revisionNameProblem(name), undefined));
  }
  const refused = [
    '',
    '-x',
    '--upload-pack=x',
    'main~1',
    'main^',
    'HEAD@{1}',
    '@{-1}',
    ':/fix',
    'a..b',
    'a b',
    'a\nb',
    'a*',
    'a?',
    'a[b',
    'a\\b',
    'x.lock',
    'x/',
    '/x',
    'a//b',
    '.hidden',
    'a/.b',
    'x.',
    '@',
    'a'.repeat(256),
  ];
  for (const name of refused) {
    test(`${JSON.stringify(name.slice(0, 20))} cannot (revision syntax or an invalid ref name)`, () =>
      assert.ok(revisionNameProblem(name)));
  }

  test('candidates: HEAD is the remote head; a tag wins over a branch; hex may also be a SHA', () => {
    assert.deepEqual(revisionCandidates('HEAD', 'r'), ['refs/tideway/remote-head^{commit}']);
    assert.deepEqual(revisionCandidates('main', 'r'), ['refs/tags/main^{commit}', 'refs/heads/main^{commit}']);
    assert.deepEqual(revisionCandidates('refs/heads/x', 'r'), ['refs/heads/x^{commit}']);
    assert.deepEqual(revisionCandidates('CAFE1234', 'r'), [
      'refs/tags/CAFE1234^{commit}',
      'refs/heads/CAFE1234^{commit}',
      'cafe1234^{commit}',
    ]);
  });

  test('a name that cannot be a revision is RevisionNotFound naming it and the repository', () => {
    assert.throws(
      () => revisionCandidates('main~1', 'https://example.com/r'),
      (e: unknown) => {
        const error = e as { code: string; message: string; revision: string };
        assert.equal(error.code, 'RevisionNotFound');
        assert.equal(error.revision, 'main~1');
        assert.match(error.message, /"main~1" of https:\/\/example\.com\/r/);
        return true;
      },
    );
  });

  test('full SHAs are 40 (SHA-1) or 64 (SHA-256) hex digits', () => {
    assert.ok(isFullSha('a'.repeat(40)) && isFullSha('A'.repeat(64)));
    assert.ok(!isFullSha('a'.repeat(39)) && !isFullSha('g'.repeat(40)));
  });
});
