import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { test } from 'node:test';
import pino from 'pino';
import { createLogger, loggerOptions, redactingLogger } from './logger.js';

function capture(pretty: boolean | undefined, isTTY = false) {
  const stream = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  stream.on('data', (c: Buffer) => {
    text += c;
  });
  return { log: createLogger({ level: 'info', pretty, stream }), text: () => text };
}

test('json: one JSON object per line, the agent pid once, a replica pid under its own key', () => {
  const { log, text } = capture(false);
  log.child({ component: 'host' }).warn({ service: 'greeter', replica: 1, replicaPid: 4242 }, 'replica exited');
  const line = text().trimEnd();
  assert.equal(line.split('\n').length, 1);
  assert.equal((line.match(/"pid":/g) ?? []).length, 1, line);
  const parsed = JSON.parse(line);
  assert.equal(parsed.pid, process.pid);
  assert.equal(parsed.replicaPid, 4242);
  assert.equal(parsed.msg, 'replica exited');
});

test('text: readable lines only, never a JSON line, and no colour codes when not on a terminal', () => {
  const { log, text } = capture(true, false);
  log.info({ app: 'web' }, 'reconciled');
  log.error({ err: 'boom' }, 'sync failed');
  const out = text();
  assert.match(out, /INFO.*reconciled/);
  assert.match(out, /ERROR.*sync failed/);
  assert.ok(!out.split('\n').some((l) => l.startsWith('{')), out);
  assert.ok(!out.includes('\u001b['), 'no ANSI colour in a pipe or file');
});

test('by default the format follows the stream: text on a terminal, JSON otherwise', () => {
  const pipe = capture(undefined, false);
  pipe.log.info('hello');
  assert.ok(pipe.text().startsWith('{'));
  const tty = capture(undefined, true);
  tty.log.info('hello');
  assert.ok(!tty.text().startsWith('{'));
});

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
