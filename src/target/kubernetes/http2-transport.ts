import http2 from 'node:http2';
import type { ConnectionOptions } from 'node:tls';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';

/** Raised when the server does not speak HTTP/2 (no ALPN "h2"): the caller falls back to HTTP/1.1. */
export class Http2Unsupported extends Error {}

/** Flow-control window per stream and per connection: a list of thousands of objects is not paced by 64 KiB windows. */
const WINDOW_BYTES = 8 * 1024 * 1024;

/** Methods that change nothing more when sent twice (a server-side apply is a PATCH). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Times a request is sent again after its connection failed under it. */
const MAX_RETRIES = 2;

/** The connection under a request failed before any answer (GOAWAY, reset, session error). */
export class ConnectionLost extends Error {
  readonly code = 'ConnectionLost';
  constructor(
    message: string,
    /** The server said it never processed the request (refused stream, or above GOAWAY's last stream). */
    readonly unprocessed: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * HTTP/2 to the API server over one TLS connection, with every request a stream of it: no
 * handshake per request or per pooled socket, and the server's per-connection cost is paid once.
 * A connection that fails or is told to go away (GOAWAY, `NGHTTP2_ENHANCE_YOUR_CALM`, a reset) is
 * dropped at once, and the requests that were waiting on it are sent again on a new connection
 * (idempotent ones, and any the server says it never processed), so one app that makes the server
 * drop the connection does not fail the requests of the others sharing it. The connection keeps
 * the process alive only while a request or watch is open.
 */
export function createHttp2Transport(origin: URL, tls: ConnectionOptions): Transport {
  let session: http2.ClientHttp2Session | undefined;
  /** Requests and watches open on each connection: a connection with none does not hold the process. */
  const open = new WeakMap<http2.ClientHttp2Session, number>();
  /** The last stream a connection's GOAWAY says the server processed. */
  const lastProcessed = new WeakMap<http2.ClientHttp2Session, number>();
  /** Connections that got as far as connecting: a failure before that (refused, untrusted certificate) is no lost connection. */
  const connected = new WeakSet<http2.ClientHttp2Session>();

  function connect(): http2.ClientHttp2Session {
    if (session && !session.closed && !session.destroyed) return session;
    const s = http2.connect(origin, { ...tls, settings: { initialWindowSize: WINDOW_BYTES } });
    s.on('connect', () => {
      connected.add(s);
      if (s.alpnProtocol !== undefined && s.alpnProtocol !== 'h2' && s.alpnProtocol !== 'h2c')
        s.destroy(new Http2Unsupported(`${origin.host} did not agree to HTTP/2`));
      else s.setLocalWindowSize(WINDOW_BYTES);
    });
    const forget = () => {
      if (session === s) session = undefined;
    };
    s.on('error', forget); // reported on the streams
    s.on('goaway', (_code: number, lastStreamID: number) => {
      lastProcessed.set(s, lastStreamID);
      forget();
    });
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

  /** One attempt on the current connection. */
  function sendOnce(request: TransportRequest): Promise<TransportResponse> {
    return new Promise((resolve, reject) => {
      const s = connect();
      const release = hold(s);
      let answered = false;
      const stream = s.request(
        { ':method': request.method, ':path': request.path, ...request.headers },
        { signal: request.signal, endStream: !request.payload },
      );
      const lost = (why: string, cause?: unknown) => {
        const last = lastProcessed.get(s);
        const refused = stream.rstCode === http2.constants.NGHTTP2_REFUSED_STREAM;
        const unprocessed = refused || (last !== undefined && stream.id !== undefined && stream.id > last);
        return new ConnectionLost(`the connection to ${origin.host} was lost (${why})`, unprocessed, { cause });
      };
      stream.on('close', () => {
        release();
        // A connection closed under the stream without an error on it (the server went away).
        if (!answered && !request.signal?.aborted) reject(lost(`stream closed with code ${stream.rstCode ?? 0}`));
      });
      stream.on('error', (error: Error & { code?: string; cause?: Error & { code?: string } }) => {
        const cause = error.cause ?? error;
        if (cause instanceof Http2Unsupported) reject(cause);
        else if (cause.code === 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL') {
          reject(new Http2Unsupported(cause.message));
        } else if (!answered && !request.signal?.aborted && isConnectionError(error, s)) {
          // Never connected (refused, an untrusted certificate): that error itself, not a lost connection to retry.
          if (!connected.has(s)) reject(cause);
          else reject(lost(cause.code ?? cause.message, error));
        } else reject(error.code === 'ERR_HTTP2_STREAM_CANCEL' && error.cause ? error.cause : error);
      });
      stream.on('response', (headers) => {
        answered = true;
        resolve({ status: Number(headers[':status']), contentType: String(headers['content-type'] ?? ''), body: stream });
      });
      if (request.timeoutMs > 0)
        stream.setTimeout(request.timeoutMs, () => stream.destroy(new Error(`request timed out after ${request.timeoutMs} ms`)));
      if (request.payload) stream.end(request.payload);
    });
  }

  return {
    async send(request: TransportRequest): Promise<TransportResponse> {
      for (let attempt = 0; ; attempt++) {
        try {
          return await sendOnce(request);
        } catch (error) {
          const retry =
            error instanceof ConnectionLost &&
            attempt < MAX_RETRIES &&
            !request.signal?.aborted &&
            (IDEMPOTENT.has(request.method) || error.unprocessed);
          if (!retry) throw error;
        }
      }
    },
    close() {
      // Unreferenced first: closing the TLS socket must not hold the process open (a CLI run ends right away).
      session?.unref();
      session?.destroy();
      session = undefined;
    },
  };
}

/** Whether a stream failed because its connection did (not because of the stream itself). */
function isConnectionError(error: Error & { code?: string }, s: http2.ClientHttp2Session): boolean {
  if (s.destroyed || s.closed) return true;
  return [
    'ERR_HTTP2_SESSION_ERROR',
    'ERR_HTTP2_GOAWAY_SESSION',
    'ERR_HTTP2_INVALID_SESSION',
    'ERR_HTTP2_STREAM_CANCEL',
    'ECONNRESET',
    'EPIPE',
  ].includes(error.code ?? '');
}
