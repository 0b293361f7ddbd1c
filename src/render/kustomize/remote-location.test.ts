import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRemoteLocation } from './remote-location.js';

test('remote bases are read as kustomize writes them: repository, ref and directory', () => {
  const cases: [string, ReturnType<typeof parseRemoteLocation>][] = [
    [
      'https://git.example.com/org/repo//deploy/base?ref=v1',
      { repoURL: 'https://git.example.com/org/repo', ref: 'v1', subdir: 'deploy/base' },
    ],
    [
      'https://git.example.com/org/repo.git/deploy?ref=main',
      { repoURL: 'https://git.example.com/org/repo.git', ref: 'main', subdir: 'deploy' },
    ],
    ['github.com/org/repo/config/base?ref=abc123', { repoURL: 'https://github.com/org/repo', ref: 'abc123', subdir: 'config/base' }],
    ['https://github.com/org/repo', { repoURL: 'https://github.com/org/repo', subdir: '' }],
    ['git@git.example.com:org/repo//base?version=v2', { repoURL: 'git@git.example.com:org/repo', ref: 'v2', subdir: 'base' }],
    ['git::https://git.example.com/org/repo//x', { repoURL: 'https://git.example.com/org/repo', subdir: 'x' }],
    ['file:///srv/git/repo//overlays/prod?ref=main', { repoURL: 'file:///srv/git/repo', ref: 'main', subdir: 'overlays/prod' }],
  ];
  for (const [location, expected] of cases) assert.deepEqual(parseRemoteLocation(location), expected, location);
});

test('a remote base whose directory climbs out of its repository is refused', () => {
  assert.throws(() => parseRemoteLocation('https://git.example.com/org/repo//../other'), /leaves the repository/);
});
