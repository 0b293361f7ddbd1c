import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { TidewayError } from '../../core/errors.js';
import { createRestClient } from './rest-client.js';
import { withWriteFence } from './write-fence.js';

// Real TLS servers on loopback (one speaking HTTP/2, one only HTTP/1.1) with a certificate made by openssl.
const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-rest-client-'));
let key: Buffer;
let cert: Buffer;

interface Seen {
  version: string;
  method: string;
  url: string;
  auth?: string;
  body: string;
}

function handler(seen: Seen[]) {
  return (
    req: http2.Http2ServerRequest | import('node:http').IncomingMessage,
    res: http2.Http2ServerResponse | import('node:http').ServerResponse,
  ) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        version: req.httpVersion,
        method: req.method ?? '',
        url: req.url ?? '',
        auth: req.headers.authorization,
        body: Buffer.concat(chunks).toString(),
      });
      if (req.url?.startsWith('/big')) {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ items: Array.from({ length: 20_000 }, (_, i) => ({ name: `item-${i}`, padding: 'x'.repeat(200) })) }));
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ kind: 'Status', code: 200, message: `${req.method} ${req.url}` }));
    });
  };
}

function kubeconfigFor(port: number): string {
  const file = path.join(dir, `kubeconfig-${port}`);
  writeFileSync(
    file,
    stringify({
      'current-context': 'local',
      clusters: [
        { name: 'local', cluster: { server: `https://127.0.0.1:${port}`, 'certificate-authority-data': cert.toString('base64') } },
      ],
      users: [{ name: 'me', user: { token: 'the-token' } }],
      contexts: [{ name: 'local', context: { cluster: 'local', user: 'me' } }],
    }),
  );
  return file;
}

before(() => {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  key = readFileSync(path.join(dir, 'key.pem'));
  cert = readFileSync(path.join(dir, 'cert.pem'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('the REST client', () => {
  test('speaks HTTP/2 to a server that offers it: every request on one connection, bodies on DELETE too, large responses whole', async () => {
    const seen: Seen[] = [];
    let connections = 0;
    const server = http2.createSecureServer({ key, cert }, handler(seen));
    server.on('secureConnection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const client = createRestClient({ kubeconfig: kubeconfigFor((server.address() as AddressInfo).port) });
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          client.request<{ message: string }>('PATCH', `/api/v1/things/${i}`, {
            body: { n: i },
            contentType: 'application/apply-patch+yaml',
          }),
        ),
      );
      assert.deepEqual(
        answers.map((a) => a.body.message),
        Array.from({ length: 20 }, (_, i) => `PATCH /api/v1/things/${i}`),
      );
      const listed = await client.request<{ message: string }>('GET', '/api/v1/things', {
        query: { labelSelector: 'app.kubernetes.io/instance=a b&c', resourceVersion: '0', limit: undefined },
      });
      assert.equal(listed.body.message, 'GET /api/v1/things?labelSelector=app.kubernetes.io%2Finstance%3Da%20b%26c&resourceVersion=0');
      assert.deepEqual(Object.fromEntries(new URL(`https://x${listed.body.message.slice(4)}`).searchParams), {
        labelSelector: 'app.kubernetes.io/instance=a b&c',
        resourceVersion: '0',
      });
      const deleted = await client.request('DELETE', '/api/v1/things/x', { body: { propagationPolicy: 'Foreground' } });
      assert.equal(deleted.status, 200);
      const big = await client.request<{ items: unknown[] }>('GET', '/big');
      assert.equal(big.body.items.length, 20_000);
      assert.equal(connections, 1);
      assert.ok(
        seen.every((s) => s.version === '2.0' && s.auth === 'Bearer the-token'),
        JSON.stringify(seen.map((s) => s.version)),
      );
      assert.equal(seen.find((s) => s.method === 'DELETE')?.body, '{"propagationPolicy":"Foreground"}');
    } finally {
      client.close();
      server.close();
    }
  });

  test('an idle HTTP/2 connection does not keep a process alive, and an open request does', async () => {
    const server = http2.createSecureServer({ key, cert }, (req, res) => {
      // Answers /slow after 300 ms: a process waiting on it must not exit before the answer.
      setTimeout(
        () => {
          res.setHeader('content-type', 'application/json');
          res.end('{"ok":true}');
        },
        req.url === '/slow' ? 300 : 0,
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const script = path.join(dir, 'idle-client.mts');
    const clientModule = path.join(path.dirname(fileURLToPath(import.meta.url)), 'rest-client.ts');
    writeFileSync(
      script,
      `import { createRestClient } from ${JSON.stringify(clientModule)};
const client = createRestClient({ kubeconfig: ${JSON.stringify(kubeconfigFor((server.address() as AddressInfo).port))} });
await client.request('GET', '/fast');
client.request('GET', '/slow').then((r) => console.log('slow answered', r.status));
// no close(): the process ends by itself once nothing is open
`,
    );
    try {
      // Asynchronously: the server answering it lives in this process.
      const child = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const proc = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'], timeout: 15_000 });
        let stdout = '';
        proc.stdout.on('data', (c: Buffer) => {
          stdout += c;
        });
        proc.on('close', (code) => resolve({ code, stdout }));
      });
      assert.equal(child.code, 0, 'the process exited by itself, not by the timeout');
      assert.equal(child.stdout.trim(), 'slow answered 200');
    } finally {
      server.close();
    }
  });

  test('falls back to HTTP/1.1 when the server does not agree to HTTP/2', async () => {
    const seen: Seen[] = [];
    const server = https.createServer({ key, cert }, handler(seen));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const client = createRestClient({ kubeconfig: kubeconfigFor((server.address() as AddressInfo).port) });
    try {
      const first = await client.request<{ message: string }>('GET', '/api/v1/namespaces/default');
      const second = await client.request<{ message: string }>('POST', '/api/v1/namespaces', { body: { metadata: { name: 'x' } } });
      assert.equal(first.body.message, 'GET /api/v1/namespaces/default');
      assert.equal(second.status, 200);
      assert.deepEqual(
        seen.map((s) => s.version),
        ['1.1', '1.1'],
      );
      assert.equal(seen[1].body, '{"metadata":{"name":"x"}}');
    } finally {
      client.close();
      server.close();
    }
  });

  test('onResult: true for every answer (an HTTP error too), false after a timeout or a refused connection', async () => {
    const server = http2.createSecureServer({ key, cert }, (req, res) => {
      if (req.url === '/hang') return; // never answered
      res.statusCode = req.url === '/fail' ? 503 : 200;
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const results: boolean[] = [];
    const client = createRestClient({ kubeconfig: kubeconfigFor(port) }, { onResult: (answered) => results.push(answered) });
    try {
      assert.equal((await client.request('GET', '/ok')).status, 200);
      assert.equal((await client.request('GET', '/fail')).status, 503);
      await assert.rejects(client.request('GET', '/hang', { timeoutMs: 200 }), /TargetUnavailable|timed out|timeout/i);
      assert.deepEqual(results, [true, true, false]);
    } finally {
      client.close();
      server.close();
    }
    const refused: boolean[] = [];
    const down = createRestClient({ kubeconfig: kubeconfigFor(port) }, { onResult: (answered) => refused.push(answered) });
    try {
      await assert.rejects(down.request('GET', '/ok'));
      assert.deepEqual(refused, [false]);
    } finally {
      down.close();
    }
  });

  test('a server that is down is a TargetUnavailable error naming the request and the cause', async () => {
    const server = http2.createSecureServer({ key, cert });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const client = createRestClient({ kubeconfig: kubeconfigFor(port) });
    try {
      await assert.rejects(client.request('GET', '/api/v1/namespaces'), (error: unknown) => {
        assert.ok(error instanceof TidewayError);
        assert.equal(error.code, 'TargetUnavailable');
        assert.match(error.message, new RegExp(`^GET https://127\\.0\\.0\\.1:${port}/api/v1/namespaces: connect ECONNREFUSED`));
        return true;
      });
    } finally {
      client.close();
    }
  });

  test('under a closed write fence, writes are refused before they leave while reads still go; the fence follows its work through awaits', async () => {
    const seen: Seen[] = [];
    const server = http2.createSecureServer({ key, cert }, handler(seen));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const client = createRestClient({ kubeconfig: kubeconfigFor((server.address() as AddressInfo).port) });
    let held = true;
    const fence = () => (held ? undefined : 'the Lease of shard 1 is no longer held');
    try {
      await withWriteFence(fence, async () => {
        assert.equal((await client.request('PATCH', '/api/v1/things/a', { body: {} })).status, 200);
        held = false; // as a replica waking from a freeze finds its renew deadline passed
        await new Promise((r) => setTimeout(r, 5));
        for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'])
          await assert.rejects(client.request(method, '/api/v1/things/b', { body: {} }), (error: unknown) => {
            assert.ok(error instanceof TidewayError);
            assert.equal(error.code, 'Fenced');
            assert.match(
              error.message,
              new RegExp(`^${method} https://127\\.0\\.0\\.1:\\d+/api/v1/things/b not sent: the Lease of shard 1`),
            );
            return true;
          });
        assert.equal((await client.request('GET', '/api/v1/things/b')).status, 200);
      });
      // Work started outside any fence (the Lease loop itself) is not fenced.
      assert.equal((await client.request('PUT', '/api/v1/things/c', { body: {} })).status, 200);
      assert.deepEqual(
        seen.map((s) => `${s.method} ${s.url}`),
        ['PATCH /api/v1/things/a', 'GET /api/v1/things/b', 'PUT /api/v1/things/c'],
      );
    } finally {
      client.close();
      server.close();
    }
  });

  test('a certificate the kubeconfig does not trust is refused before any request is sent', async () => {
    const seen: Seen[] = [];
    const server = http2.createSecureServer({ key, cert }, handler(seen));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const file = path.join(dir, 'kubeconfig-untrusted');
    writeFileSync(file, readFileSync(kubeconfigFor(port), 'utf8').replace(/certificate-authority-data: .*/, ''));
    const client = createRestClient({ kubeconfig: file });
    try {
      await assert.rejects(client.request('GET', '/api/v1/namespaces'), /self[- ]signed certificate/i);
      assert.equal(seen.length, 0);
    } finally {
      client.close();
      server.close();
    }
  });
});
