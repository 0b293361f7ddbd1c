import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactUrl as redact } from '../redact/redact.js';
import { repoURLProblem } from './repo-url.js';

test('repository URLs in the supported forms are accepted', () => {
  for (const url of [
    'https://github.com/example/app.git',
    'http://git.local:3000/app',
    'ssh://git@github.com/example/app.git',
    'ssh://git.example.com:2222/app',
    'git@github.com:example/app.git',
    'deploy@10.0.0.5:/srv/git/app',
    'file:///srv/git/app.git',
    '/srv/git/app',
    './app',
    '../app',
    '.',
    'HTTPS://github.com/example/app',
  ])
    assert.equal(repoURLProblem(url), undefined, url);
});

test('dangerous or unsupported repository URLs are refused with a reason', () => {
  const cases: Array<[string, RegExp]> = [
    ['-uhttps://x', /must not start with "-"/],
    ['--upload-pack=touch /tmp/x', /must not start with "-"/],
    ['ext::sh -c touch% /tmp/x', /"ext::" remote helpers are not allowed/],
    ['fd::17', /"fd::" remote helpers are not allowed/],
    ['git://github.com/x', /unsupported scheme "git"/],
    ['ftp://host/x', /unsupported scheme "ftp"/],
    ['https://user:pw@github.com/x', /must not contain credentials/],
    ['https://ghp_token@github.com/x', /must not contain credentials/],
    ['ssh://git:pw@github.com/x', /must not contain credentials/],
    ['https:///x', /has no host/],
    ['ssh://-oProxyCommand=x/y', /host must not start with "-"/],
    ['git@-oProxyCommand=x:y', /host must not start with "-"/],
    ['git@github.com:', /has no repository path/],
    ['file://', /file:\/\/ URL has no path/],
    ['github.com/example/app', /is not a repository URL/],
    ['app', /is not a repository URL/],
    ['https://github.com/x\n', /control characters/],
    ['https://github.com/a b', /spaces/],
  ];
  for (const [url, reason] of cases) assert.match(repoURLProblem(url) ?? 'accepted', reason, url);
});

test('messages about a URL never carry its credentials', () => {
  for (const url of ['https://user:pw-secret@github.com/x', 'ssh://u:pw-secret@h/x', 'u:pw-secret@github.com/x', 'ftp://u:pw-secret@h/x']) {
    assert.ok(!(repoURLProblem(url) ?? '').includes('pw-secret'), url);
  }
  assert.equal(redact('https://u:p@h/x'), 'https://***@h/x');
  assert.equal(redact('u:p@h/x'), '***@h/x');
  assert.equal(redact('https://h/x'), 'https://h/x');
});
