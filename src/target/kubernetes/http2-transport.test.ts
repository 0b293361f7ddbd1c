import assert from 'node:assert/strict';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { text } from 'node:stream/consumers';
import { ConnectionLost, createHttp2Transport } from './http2-transport.js';
import type { Transport, TransportRequest } from './transport.js';

/**
 * A local HTTP/2 server the test controls: its first connection holds the requests it receives until
 * `failFirstSession` says how to fail them all at once (GOAWAY with ENHANCE_YOUR_CALM, or a reset);
 * later connections answer every request with 200 and the path.
 */
function scriptedServer() {
  const server = http2.createServer();
  let sessions = 0;
  const held: http2.ServerHttp2Stream[] = [];
  let heldEnough: () => void = () => {};
  let want = 0;
  const answered: string[] = [];
  server.on('session', () => {
    sessions++;
  });
  server.on('stream', (stream, headers) => {
    const isFirst = sessions === 1 && held.length < want;
    if (isFirst) {
      held.push(stream);
      if (held.length === want) heldEnough();
      return;
    }
    answered.push(`${headers[':method']} ${headers[':path']}`);
    stream.respond({ ':status': 200 });
    stream.end(String(headers[':path']));
  });
  return {
    async start(): Promise<URL> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    },
    /** Resolves once the first connection holds `n` requests. */
    hold(n: number): Promise<void> {
      want = n;
      return new Promise((resolve) => (heldEnough = resolve));
    },
    failFirstSession(how: 'goaway' | 'reset') {
      const session = held[0].session!;
      if (how === 'goaway') session.goaway(http2.constants.NGHTTP2_ENHANCE_YOUR_CALM);
      session.destroy();
    },
    sessions: () => sessions,
    answered,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const request = (method: string, path: string, extra: Partial<TransportRequest> = {}): TransportRequest => ({
  method,
  path,
  headers: {},
  timeoutMs: 5000,
  ...extra,
});

describe('HTTP/2 transport: a connection the server drops is replaced, and the requests on it are sent again', () => {
  for (const how of ['goaway', 'reset'] as const) {
    test(`${how === 'goaway' ? 'GOAWAY with NGHTTP2_ENHANCE_YOUR_CALM' : 'a reset connection'}: every idempotent request in flight succeeds`, async () => {
      const server = scriptedServer();
      const origin = await server.start();
      const transport: Transport = createHttp2Transport(origin, {});
      try {
        const holding = server.hold(4);
        const pending = [
          transport.send(request('GET', '/api/v1/namespaces/a/configmaps')),
          transport.send(request('PATCH', '/api/v1/namespaces/b/configmaps/x', { payload: Buffer.from('{}') })),
          transport.send(request('DELETE', '/api/v1/namespaces/c/configmaps/y')),
          transport.send(request('GET', '/api/v1/namespaces/d/secrets')),
        ];
        await holding;
        server.failFirstSession(how);
        const answers = await Promise.all(pending);
        assert.deepEqual(
          answers.map((a) => a.status),
          [200, 200, 200, 200],
        );
        assert.equal(await text(answers[1].body), '/api/v1/namespaces/b/configmaps/x');
        for (const a of answers) a.body.resume();
        assert.equal(server.sessions(), 2, 'one new connection, shared by the requests sent again');
        const later = await transport.send(request('GET', '/version'));
        assert.equal(later.status, 200);
        later.body.resume();
      } finally {
        transport.close();
        await server.close();
      }
    });
  }

  test('a POST the server may have processed is not sent twice: it fails, naming the lost connection', async () => {
    const server = scriptedServer();
    const origin = await server.start();
    const transport = createHttp2Transport(origin, {});
    try {
      const holding = server.hold(2);
      const post = transport.send(request('POST', '/api/v1/namespaces', { payload: Buffer.from('{}') }));
      const get = transport.send(request('GET', '/api/v1/namespaces/a'));
      await holding;
      server.failFirstSession('goaway');
      await assert.rejects(post, (e: Error) => e instanceof ConnectionLost && /connection to 127\.0\.0\.1:\d+ was lost/.test(e.message));
      assert.equal((await get).status, 200);
      assert.deepEqual(server.answered, ['GET /api/v1/namespaces/a']);
    } finally {
      transport.close();
      await server.close();
    }
  });
});
