import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { serveApi } from './serve.js';
import { apiHarness, testToken } from './testdata/api-harness.js';

/** POSTs `total` bytes in 64 KiB writes over a real socket; resolves with the status and how much was written. */
function postLarge(url: string, total: number, headers: Record<string, string>): Promise<{ status: number; written: number }> {
  return new Promise((resolve, reject) => {
    let written = 0;
    const req = http.request(url, { method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, written }));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, 120);
    const pump = () => {
      while (written < total) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('serveApi', () => {
  test('port 0 picks a free loopback port; the API answers over it; close() frees it', async () => {
    const { app } = apiHarness();
    const served = await serveApi(app, { host: '127.0.0.1', port: 0 });
    assert.ok(served.port > 0);
    assert.equal(served.url, `http://127.0.0.1:${served.port}`);
    const health = await fetch(`${served.url}/healthz`);
    assert.equal(await health.text(), 'ok');
    const apps = await fetch(`${served.url}/api/v1/apps`, { headers: { authorization: `Bearer ${testToken}` } });
    assert.equal(apps.status, 200);
    assert.equal((await apps.json()).apps.length, 2);
    assert.equal((await fetch(`${served.url}/api/v1/apps`)).status, 401);
    await served.close();
    const refused = await new Promise<string | undefined>((resolve) => {
      const socket = net.connect(served.port, '127.0.0.1', () => {
        socket.destroy();
        resolve(undefined);
      });
      socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code));
    });
    assert.equal(refused, 'ECONNREFUSED');
  });

  test('leaves the global Request and Response of the process alone', async () => {
    const before = [globalThis.Request, globalThis.Response];
    const served = await serveApi(apiHarness().app, { port: 0 });
    await (await fetch(`${served.url}/healthz`)).text();
    await served.close();
    assert.deepEqual([globalThis.Request, globalThis.Response], before);
  });

  test('a 16 MiB chunked webhook over a real socket is refused with 413 and never handed to the control', async () => {
    const { app, control } = apiHarness();
    const served = await serveApi(app, { port: 0 });
    try {
      const result = await postLarge(`${served.url}/webhooks/github`, 16 * 1024 * 1024, {
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
      }).catch((error: NodeJS.ErrnoException) => ({ status: -1, written: 0, error: error.code }));
      // The server answers 413 and closes; a client still writing may see the reset instead of the answer.
      assert.ok(result.status === 413 || ['ECONNRESET', 'EPIPE'].includes((result as any).error), JSON.stringify(result));
      assert.equal(control.webhooks.length, 0);
      const declared = await fetch(`${served.url}/webhooks/github`, { method: 'POST', body: Buffer.alloc(2 * 1024 * 1024, 1) });
      assert.equal(declared.status, 413);
      const small = await fetch(`${served.url}/webhooks/github`, {
        method: 'POST',
        body: '{"zen":"ok"}',
        headers: { 'X-GitHub-Event': 'ping' },
      });
      assert.equal(small.status, 202);
      assert.equal(control.webhooks[0].headers['x-github-event'], 'ping');
      assert.equal(control.webhooks[0].body.toString(), '{"zen":"ok"}');
    } finally {
      await served.close();
    }
  });

  test('a port already in use is an error, not a hang', async () => {
    const first = await serveApi(apiHarness().app, { port: 0 });
    try {
      await assert.rejects(serveApi(apiHarness().app, { port: first.port }), (e: NodeJS.ErrnoException) => e.code === 'EADDRINUSE');
    } finally {
      await first.close();
    }
  });
});
