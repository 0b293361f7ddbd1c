import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { redact, redactUserinfo } from './redact.js';

describe('redact', () => {
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
  for (const [name, input, secrets, expected] of cases) {
    test(`hides ${name}`, () => assert.equal(redact(input, secrets), expected));
  }

  test('redactUserinfo alone keeps the rest of the URL', () => {
    assert.equal(redactUserinfo('https://x:y@example.com:443/p?q#f'), 'https://***@example.com:443/p?q#f');
  });
});
