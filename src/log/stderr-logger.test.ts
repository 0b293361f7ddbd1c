import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStderrLogger } from './stderr-logger.js';

test('the CLI logger writes one line per entry from its level up, with the bindings of its children', () => {
  const lines: string[] = [];
  const log = createStderrLogger('warn', {}, (l) => lines.push(l)).child({ app: 'web' });
  log.info({ step: 1 }, 'not shown');
  log.warn({ repoURL: 'https://git.example/x.git', attempt: 2 }, 'git fetch failed');
  log.error(new Error('boom'));
  assert.deepEqual(lines, ['warn: git fetch failed app=web repoURL=https://git.example/x.git attempt=2\n', 'error: app=web err="boom"\n']);
});

test('values under secret-looking keys are redacted', () => {
  const lines: string[] = [];
  const log = createStderrLogger('debug', {}, (l) => lines.push(l));
  log.debug({ token: 'abc123', headers: { x: 1 }, password: 'hunter2' }, 'request');
  assert.equal(lines[0], 'debug: request token=[redacted] headers={"x":1} password=[redacted]\n');
  assert.ok(!lines[0].includes('abc123') && !lines[0].includes('hunter2'));
});

test('URL credentials in messages, fields and errors never reach a CLI log line', () => {
  const lines: string[] = [];
  const log = createStderrLogger('debug', { repoURL: 'https://h/a.git?access_token=TOKEN0' }, (l) => lines.push(l));
  log.warn({ url: 'https://bob:TOKEN1@h/base', detail: { to: 'https://h/x?private_token=TOKEN2' } }, 'fetch of https://u:TOKEN3@h/ failed');
  log.error(new Error('cannot reach https://h/x?token=TOKEN4'));
  const text = lines.join('');
  assert.ok(!/TOKEN\d/.test(text), text);
});
