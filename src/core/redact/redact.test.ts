import assert from 'node:assert/strict';
import { test } from 'node:test';
import { holdsSecret, redactStrings, redactText, redactUrl, secretVariants } from './redact.js';

test('redactText replaces URL userinfo, secret query parameters, Authorization values and bearer tokens', () => {
  const cases: Array<[string, string]> = [
    ['https://bob:TOKEN@git.example.com/team/app.git', 'https://***@git.example.com/team/app.git'],
    ['https://ghp_abc@github.com/x', 'https://***@github.com/x'],
    ['ssh://git:pw@host:22/x', 'ssh://***@host:22/x'],
    ['resources: [https://bob:s3cret@github.com/org/base//deploy?ref=v1]', 'resources: [https://***@github.com/org/base//deploy?ref=v1]'],
    ['https://git.example.com/app.git?access_token=abc123', 'https://git.example.com/app.git?access_token=***'],
    ['https://h/x?ref=main&private_token=glpat-XYZ&depth=1', 'https://h/x?ref=main&private_token=***&depth=1'],
    ['https://h/x?TOKEN=abc', 'https://h/x?TOKEN=***'],
    ['https://h/x?password=p&user=u', 'https://h/x?password=***&user=u'],
    [
      'https://bucket.s3.amazonaws.com/c.tgz?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F1&X-Amz-Signature=deadbeef',
      'https://bucket.s3.amazonaws.com/c.tgz?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=***&X-Amz-Signature=***',
    ],
    ['https://acct.blob.core.windows.net/c/x?sv=2020&sig=abc%3D', 'https://acct.blob.core.windows.net/c/x?sv=2020&sig=***'],
    ['git fetch failed: "https://x-access-token:ghs_1@github.com/a" (exit 128)', 'git fetch failed: "https://***@github.com/a" (exit 128)'],
    ['Authorization: Basic Ym9iOnB3', 'Authorization: ***'],
    ['header authorization: Bearer abc.def', 'header authorization: ***'],
    ['sent Bearer eyJhbGciOi.x.y to the server', 'sent Bearer *** to the server'],
  ];
  for (const [input, expected] of cases) assert.equal(redactText(input), expected, input);
});

test('redactText leaves text without secrets as it is', () => {
  for (const text of [
    'https://github.com/example/app.git',
    'git@github.com:example/app.git',
    'https://h/x?ref=main&depth=1',
    'user@example.com wrote: a=b',
    'apps/web.yaml:3: spec.source.repoURL: is required',
    'tokens: 3 used',
    'https://h/x?token=',
    'missing bearer token (send Authorization: Bearer <token>)',
    'invalid bearer token',
  ])
    assert.equal(redactText(text), text, text);
});

test('redactText is idempotent', () => {
  const once = redactText('https://a:b@h/x?access_token=t Authorization: Bearer q');
  assert.equal(redactText(once), once);
});

test('redactText replaces given secrets in their plain, percent-encoded and base64 forms', () => {
  const secret = 'p@ss/word';
  const text = `a ${secret} b ${encodeURIComponent(secret)} c ${Buffer.from(secret).toString('base64')}`;
  assert.equal(redactText(text, [secret]), 'a *** b *** c ***');
  assert.deepEqual(secretVariants(''), []);
});

test('redactStrings redacts every string of a JSON-like value and keeps what needs no change', () => {
  const clean = { a: ['x', { b: 1 }] };
  assert.equal(redactStrings(clean), clean);
  const value = { source: { repoURL: 'https://h/r?access_token=t' }, list: ['https://u:p@h/'], n: 1, ok: true, none: null };
  assert.deepEqual(redactStrings(value), {
    source: { repoURL: 'https://h/r?access_token=***' },
    list: ['https://***@h/'],
    n: 1,
    ok: true,
    none: null,
  });
  assert.equal(value.source.repoURL, 'https://h/r?access_token=t', 'the input is not changed');
});

test('holdsSecret tells whether text would be redacted', () => {
  assert.equal(holdsSecret('https://a:b@h/x'), true);
  assert.equal(holdsSecret('https://h/x'), false);
});

test('redactText hides what git and servers print (cases from the git source)', () => {
  const cases: Array<[name: string, input: string, secrets: string[], expected: string]> = [
    ['userinfo with a password', 'fatal: https://user:pa55@host/r.git', [], 'fatal: https://***@host/r.git'],
    ['a bare token as userinfo', 'clone https://ghp_abc123@github.com/o/r', [], 'clone https://***@github.com/o/r'],
    ['a password holding "@"', 'http://u:p@ss@host:8080/x', [], 'http://***@host:8080/x'],
    ['several URLs in one line', 'a https://u:1@h/x b ssh://git:2@h/y', [], 'a https://***@h/x b ssh://***@h/y'],
    ['an email address is left alone', 'author ada@example.com', [], 'author ada@example.com'],
    ['scp-like ssh is left alone', 'git@github.com:org/repo.git', [], 'git@github.com:org/repo.git'],
    ['an Authorization header value', 'Authorization: Bearer abc.def', [], 'Authorization: ***'],
    ['a secret anywhere', 'token tok-123 refused (tok-123)', ['tok-123'], 'token *** refused (***)'],
    ['a percent-encoded secret', 'https://h/?t=p%40ss%2Fw', ['p@ss/w'], 'https://h/?t=***'],
    ['a base64 secret', `basic ${Buffer.from('s3cret').toString('base64')}`, ['s3cret'], 'basic ***'],
    ['an empty secret changes nothing', 'nothing here', [''], 'nothing here'],
  ];
  for (const [name, input, secrets, expected] of cases) assert.equal(redactText(input, secrets), expected, name);
});

test('redactUrl also hides a password written without a scheme, and keeps scp-like URLs', () => {
  assert.equal(redactUrl('u:p@h/x'), '***@h/x');
  assert.equal(redactUrl('git@github.com:org/repo.git'), 'git@github.com:org/repo.git');
  assert.equal(redactUrl('https://x:y@example.com:443/p?q#f'), 'https://***@example.com:443/p?q#f');
});
