import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';

export interface ServeOptions {
  /** Default 127.0.0.1: the API is local unless asked otherwise. */
  host?: string;
  /** 0 picks a free port; the one chosen is returned. */
  port: number;
  /** PEM certificate chain and key: serve HTTPS. */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

export interface ServedApi {
  port: number;
  /** `http(s)://host:port`, as the CLI should call it. */
  url: string;
  /** Stops accepting connections, lets requests in flight finish (at most `graceMs`, default 5 s), then closes the rest. */
  close(options?: { graceMs?: number }): Promise<void>;
}

/** Serves an app (anything with Hono's `fetch`) over HTTP until `close()`. */
export async function serveApi(
  app: { fetch: (request: Request, env?: unknown) => Response | Promise<Response> },
  options: ServeOptions,
): Promise<ServedApi> {
  const host = options.host ?? '127.0.0.1';
  // overrideGlobalObjects: false keeps the process's global Request/Response untouched for other code.
  // The env (`incoming`, `outgoing`) is passed on: routes read the client's address from it.
  const server = createAdaptorServer({
    fetch: (request, env) => app.fetch(request, env),
    overrideGlobalObjects: false,
    ...(options.tls ? { createServer: createHttpsServer, serverOptions: { cert: options.tls.cert, key: options.tls.key } } : {}),
  }) as Server;
  server.headersTimeout = 15_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    port,
    url,
    close: ({ graceMs = 5000 } = {}) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
