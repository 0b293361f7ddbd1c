import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTimeout } from './parse-flags.js';
import { redactSecrets } from './redact.js';

test('--timeout takes plain seconds or a duration as Applications write them, and names itself when wrong', () => {
  assert.deepEqual(
    ['90', '90s', '5m', '1h30m'].map((t) => parseTimeout(t, 0)),
    [90_000, 90_000, 300_000, 5_400_000],
  );
  assert.equal(parseTimeout(undefined, 7), 7);
  assert.throws(() => parseTimeout('5x', 0), /^ValidationError: --timeout: "5x" is not a duration/);
});

test('text for people never carries URL credentials, Authorization values or bearer tokens', () => {
  const out = redactSecrets('fetch https://user:s3cret@git.example.com/x failed; Authorization: Basic dXNlcjpz; token Bearer abc.def-1');
  for (const leaked of ['s3cret', 'dXNlcjpz', 'abc.def-1']) assert.ok(!out.includes(leaked), out);
  assert.match(out, /https:\/\/\*\*\*@git\.example\.com\/x/);
});
