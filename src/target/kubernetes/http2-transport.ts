import http2 from 'node:http2';
import type { ConnectionOptions } from 'node:tls';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';

/** Raised when the server does not speak HTTP/2 (no ALPN "h2"): the caller falls back to HTTP/1.1. */
export class Http2Unsupported extends Error {}

/** Flow-control window per stream and per connection: a list of thousands of objects is not paced by 64 KiB windows. */
const WINDOW_BYTES = 8 * 1024 * 1024;

/**
 * HTTP/2 to the API server over one TLS connection, with every request a stream of it: no
 * handshake per request or per pooled socket, and the server's per-connection cost is paid once.
 * A connection that fails or is told to go away is replaced on the next request. The connection
 * keeps the process alive only while a request or watch is open.
 */
export function createHttp2Transport(origin: URL, tls: ConnectionOptions): Transport {
  let session: http2.ClientHttp2Session | undefined;
  /** Requests and watches open on each connection: a connection with none does not hold the process. */
  const open = new WeakMap<http2.ClientHttp2Session, number>();

  function connect(): http2.ClientHttp2Session {
    if (session && !session.closed && !session.destroyed) return session;
    const s = http2.connect(origin, { ...tls, settings: { initialWindowSize: WINDOW_BYTES } });
    s.on('connect', () => {
      if (s.alpnProtocol !== undefined && s.alpnProtocol !== 'h2')
        s.destroy(new Http2Unsupported(`${origin.host} did not agree to HTTP/2`));
      else s.setLocalWindowSize(WINDOW_BYTES);
    });
    s.on('error', () => {
      /* reported on the streams */
    });
    const forget = () => {
      if (session === s) session = undefined;
    };
    s.on('goaway', forget);
    s.on('close', forget);
    s.unref();
    session = s;
    return s;
  }

  function hold(s: http2.ClientHttp2Session): () => void {
    const count = open.get(s) ?? 0;
    if (count === 0) s.ref();
    open.set(s, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (open.get(s) ?? 1) - 1;
      open.set(s, left);
      if (left === 0 && !s.destroyed) s.unref();
    };
  }

  return {
    send(request: TransportRequest): Promise<TransportResponse> {
      return new Promise((resolve, reject) => {
        const s = connect();
        const release = hold(s);
        const stream = s.request(
          { ':method': request.method, ':path': request.path, ...request.headers },
          { signal: request.signal, endStream: !request.payload },
        );
        stream.on('close', release);
        stream.on('error', (error: Error & { code?: string; cause?: Error & { code?: string } }) => {
          const cause = error.cause ?? error;
          if (cause instanceof Http2Unsupported) reject(cause);
          else if (cause.code === 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL') {
            reject(new Http2Unsupported(cause.message));
          } else reject(error.code === 'ERR_HTTP2_STREAM_CANCEL' && error.cause ? error.cause : error);
        });
        stream.on('response', (headers) =>
          resolve({ status: Number(headers[':status']), contentType: String(headers['content-type'] ?? ''), body: stream }),
        );
        if (request.timeoutMs > 0)
          stream.setTimeout(request.timeoutMs, () => stream.destroy(new Error(`request timed out after ${request.timeoutMs} ms`)));
        if (request.payload) stream.end(request.payload);
      });
    },
    close() {
      // Unreferenced first: closing the TLS socket must not hold the process open (a CLI run ends right away).
      session?.unref();
      session?.destroy();
      session = undefined;
    },
  };
}
