import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import pino from 'pino';
import { loggerOptions, redactingLogger } from './logger.js';

test("the agent's logger writes no URL credentials: messages, fields, bindings and errors are redacted", () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = redactingLogger(pino(loggerOptions('debug'), sink)).child({ repoURL: 'https://git.example.com/app.git?access_token=TOKEN0' });
  log.info({ base: 'https://bob:TOKEN1@git.example.com/base', nested: { list: ['https://h/x?X-Amz-Signature=TOKEN2'] } }, 'rendered');
  log.warn('git fetch from https://u:TOKEN3@h/r failed');
  log.error({ err: new Error('cannot fetch https://h/r?private_token=TOKEN4') }, 'sync failed');
  log.debug({ token: 'TOKEN5' }, 'secret field');
  const text = lines.join('');
  assert.equal(lines.length, 4, text);
  assert.ok(!/TOKEN\d/.test(text), text);
  assert.match(text, /access_token=\*\*\*/);
  assert.match(text, /"err":\{[^}]*"message":"cannot fetch https:\/\/h\/r\?private_token=\*\*\*"/);
});
