import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRefusalLimiter } from '../webhooks/refusal-limiter.js';
import { apiHarness } from './testdata/api-harness.js';
import { serveApi } from './serve.js';

/** A chunked body of `chunks` × `size` bytes (no Content-Length) that counts how many chunks were pulled. */
function countingStream(chunks: number, size: number) {
  const state = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled === chunks) return controller.close();
      state.pulled += 1;
      controller.enqueue(new Uint8Array(size).fill(120));
    },
  });
  return { stream, state };
}

describe('POST /webhooks/:provider', () => {
  for (const provider of ['github', 'gitlab', 'gitea', 'forgejo', 'bitbucket', 'generic']) {
    test(`${provider}: the raw body and lowercased headers reach the control, whose answer is returned`, async () => {
      const { app, control } = apiHarness();
      control.webhookAnswer = { status: 202, body: { accepted: true, apps: ['web'] } };
      const body = Buffer.from('{"ref":"refs/heads/main",  "after":"abc"}\n');
      const res = await app.request(`/webhooks/${provider}`, {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': 'sha256=00' },
      });
      assert.equal(res.status, 202);
      assert.deepEqual(await res.json(), { accepted: true, apps: ['web'] });
      assert.equal(control.webhooks.length, 1);
      const got = control.webhooks[0];
      assert.equal(got.provider, provider);
      assert.ok(got.body.equals(body), 'the body is passed byte for byte');
      assert.equal(got.headers['x-hub-signature-256'], 'sha256=00');
      assert.equal(got.headers['content-type'], 'application/json');
    });
  }

  test("needs no bearer token; the control's 401 for a bad signature is returned as it is", async () => {
    const { app, control } = apiHarness();
    control.webhookAnswer = { status: 401, body: { error: 'x-hub-signature-256 does not match the body' } };
    const res = await app.request('/webhooks/github', { method: 'POST', body: '{}' });
    assert.equal(res.status, 401);
    assert.deepEqual(await res.json(), { error: 'x-hub-signature-256 does not match the body' });
  });

  test('an unknown provider is 404 and never reaches the control', async () => {
    const { app, control } = apiHarness();
    const res = await app.request('/webhooks/svn', { method: 'POST', body: '{}' });
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { error: 'unknown webhook provider "svn"' });
    assert.equal(control.webhooks.length, 0);
  });

  test('a body of exactly the limit is accepted', async () => {
    const { app, control } = apiHarness({ maxWebhookBodyBytes: 1024 });
    const res = await app.request('/webhooks/generic', { method: 'POST', body: Buffer.alloc(1024, 97) });
    assert.equal(res.status, 202);
    assert.equal(control.webhooks[0].body.length, 1024);
  });

  test('a declared Content-Length over 1 MiB is 413 before any byte is read', async () => {
    const { app, control } = apiHarness();
    const { stream, state } = countingStream(40, 64 * 1024);
    const res = await app.request('/webhooks/github', {
      method: 'POST',
      body: stream,
      headers: { 'content-length': String(40 * 64 * 1024) },
      duplex: 'half',
    } as RequestInit);
    assert.equal(res.status, 413);
    assert.match((await res.json()).error, /larger than the 1048576 bytes allowed/);
    assert.equal(control.webhooks.length, 0);
    assert.ok(state.pulled <= 1, `pulled ${state.pulled} chunks`);
  });

  test('a chunked body over 1 MiB is 413, and reading stops just past the limit', async () => {
    const { app, control } = apiHarness();
    const { stream, state } = countingStream(1000, 64 * 1024); // 64 MiB offered
    const res = await app.request('/webhooks/gitlab', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    assert.equal(res.status, 413);
    assert.equal(control.webhooks.length, 0);
    assert.ok(state.pulled <= 20, `pulled ${state.pulled} of 1000 chunks`);
  });

  test('413s are counted in tideway_webhooks_total here; answers from the control are left for the control to count', async () => {
    const { app, metrics } = apiHarness({ maxWebhookBodyBytes: 10 });
    await app.request('/webhooks/gitea', { method: 'POST', body: 'x'.repeat(11) });
    await app.request('/webhooks/gitea', { method: 'POST', body: 'x'.repeat(11) });
    await app.request('/webhooks/github', { method: 'POST', body: '{}' });
    await app.request('/webhooks/unknown', { method: 'POST', body: '{}' });
    const text = await metrics.registry.metrics();
    assert.match(text, /^tideway_webhooks_total\{provider="gitea",status="413"\} 2$/m);
    assert.doesNotMatch(text, /provider="github"/, 'the fake control does not count, and the route must not count for it');
    assert.doesNotMatch(text, /provider="unknown"/);
  });

  test('an address whose webhooks keep being refused gets 429 before its body is read, counted in metrics', async () => {
    const { app, control, metrics } = apiHarness({ webhookRefusals: createRefusalLimiter({ burst: 5, perMinute: 1 }) });
    control.webhookAnswer = { status: 401, body: { error: 'x-hub-signature-256 does not match the body' } };
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await app.request('/webhooks/github', { method: 'POST', body: '{}' })).status);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429, 429]);
    assert.equal(control.webhooks.length, 5, 'the limited requests never reached the control');
    const limited = await app.request('/webhooks/github', { method: 'POST', body: '{}' });
    assert.match(limited.headers.get('retry-after') ?? '', /^\d+$/);
    assert.match(await metrics.registry.metrics(), /^tideway_webhooks_total\{provider="github",status="429"\} 4$/m);
  });

  test('served on a socket, refusals are counted per client address', async () => {
    const seen: string[] = [];
    const limiter = createRefusalLimiter({ burst: 2, perMinute: 1 });
    const charge = limiter.charge;
    limiter.charge = (key) => {
      seen.push(key);
      charge(key);
    };
    const { app, control } = apiHarness({ webhookRefusals: limiter });
    control.webhookAnswer = { status: 401, body: { error: 'no' } };
    const served = await serveApi(app, { port: 0 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${served.url}/webhooks/github`, { method: 'POST', body: '{}' })).status);
      assert.deepEqual(statuses, [401, 401, 429]);
      assert.deepEqual(seen, ['127.0.0.1', '127.0.0.1']);
    } finally {
      await served.close();
    }
  });
});
