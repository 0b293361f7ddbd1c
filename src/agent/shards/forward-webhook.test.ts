import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { forwardWebhook } from './forward-webhook.js';

// A real HTTP server standing for the owner replica: it records what reached it and answers by path.
interface Seen {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}
const seen: Seen[] = [];
let server: http.Server;
let base: string;

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      if (req.headers['x-answer'] === 'hang') return; // never answered
      res.statusCode = Number(req.headers['x-answer'] ?? 202);
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

test('the signed request reaches the owner verbatim, marked as forwarded; failures are returned, never thrown', async () => {
  const body = Buffer.from('{"ref":"refs/heads/main","é":"\\u00e9"}\n');
  const headers = {
    'content-type': 'application/json',
    'x-github-event': 'push',
    'x-hub-signature-256': 'sha256=abc',
    host: 'forge.example',
    'content-length': String(body.length),
    connection: 'keep-alive',
    'x-tideway-forwarded-by': 'spoofed',
  };
  const ok = await forwardWebhook({ owner: 'replica-b', url: `${base}/`, apps: ['web'] }, 'github', { headers, body }, 'replica-a');
  assert.deepEqual(ok, { owner: 'replica-b', apps: ['web'], status: 202 });
  const got = seen.at(-1)!;
  assert.equal(got.url, '/webhooks/github');
  assert.deepEqual(got.body, body, 'the raw body, byte for byte');
  assert.equal(got.headers['x-hub-signature-256'], 'sha256=abc');
  assert.equal(got.headers['x-github-event'], 'push');
  assert.equal(got.headers['x-tideway-forwarded-by'], 'replica-a', 'marked by this replica, not the incoming value');
  assert.notEqual(got.headers.host, 'forge.example', 'hop headers are not copied');

  const cases: Array<[string, Record<string, string>, number, RegExp]> = [
    ['the owner refuses (its own signature check)', { 'x-answer': '401' }, 5000, /answered 401$/],
    ['the owner does not answer in time', { 'x-answer': 'hang' }, 300, /no answer within 300 ms$/],
  ];
  for (const [name, extra, timeoutMs, error] of cases) {
    const outcome = await forwardWebhook(
      { owner: 'replica-b', url: base, apps: ['web'] },
      'github',
      { headers: { ...headers, ...extra }, body },
      'replica-a',
      timeoutMs,
    );
    assert.match(outcome.error ?? '', error, name);
  }
  // A port nothing listens on any more: the owner died.
  const gone = http.createServer();
  await new Promise<void>((r) => gone.listen(0, '127.0.0.1', r));
  const port = (gone.address() as AddressInfo).port;
  await new Promise<void>((r) => gone.close(() => r()));
  const refused = await forwardWebhook(
    { owner: 'replica-c', url: `http://127.0.0.1:${port}`, apps: ['db'] },
    'gitlab',
    { headers, body },
    'replica-a',
  );
  assert.equal(refused.error, `http://127.0.0.1:${port}/webhooks/gitlab: ECONNREFUSED`);
  assert.equal(refused.status, undefined);
});
