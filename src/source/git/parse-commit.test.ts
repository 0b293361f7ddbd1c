import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCommit, subjectOf } from './parse-commit.js';

describe('parseCommit', () => {
  const raw = [
    'tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904',
    'parent 0123456789012345678901234567890123456789',
    'author Ada Lovelace <ada@example.com> 1709283600 +0100',
    'committer Grace Hopper <grace@example.com> 1709287200 -0530',
    'gpgsig -----BEGIN PGP SIGNATURE-----',
    ' abc',
    ' -----END PGP SIGNATURE-----',
    '',
    'Fix the thing',
    '',
    'Longer explanation.',
    '',
  ].join('\n');

  test('reads author, email, full message and the committer date with its offset', () => {
    assert.deepEqual(parseCommit('f'.repeat(40), raw), {
      sha: 'f'.repeat(40),
      author: 'Ada Lovelace',
      authorEmail: 'ada@example.com',
      message: 'Fix the thing\n\nLonger explanation.',
      date: '2024-03-01T04:30:00-05:30',
    });
  });

  test('a commit with an empty message and a UTC date', () => {
    const revision = parseCommit('a'.repeat(40), 'tree t\nauthor A <a@b> 0 +0000\ncommitter A <a@b> 0 +0000\n\n');
    assert.equal(revision.message, '');
    assert.equal(revision.date, '1970-01-01T00:00:00+00:00');
  });

  test('subjectOf gives the first line', () => {
    assert.equal(subjectOf('one\n\ntwo'), 'one');
    assert.equal(subjectOf(undefined), '');
  });
});
