import http from 'node:http';
import https from 'node:https';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';

/** HTTP/1.1 over a keep-alive pool of `maxSockets` connections (plain http servers, and HTTPS servers without HTTP/2). */
export function createHttp1Transport(origin: URL, tls: https.AgentOptions, options: { maxSockets: number }): Transport {
  const secure = origin.protocol === 'https:';
  const common = { keepAlive: true, maxSockets: options.maxSockets };
  const agent = secure ? new https.Agent({ ...common, ...tls }) : new http.Agent(common);
  return {
    send(request: TransportRequest): Promise<TransportResponse> {
      return new Promise((resolve, reject) => {
        const req = (secure ? https : http).request(
          {
            protocol: origin.protocol,
            hostname: origin.hostname,
            port: origin.port,
            method: request.method,
            path: request.path,
            headers: request.headers,
            agent,
            signal: request.signal,
          },
          (res) => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: res }),
        );
        if (request.timeoutMs > 0)
          req.setTimeout(request.timeoutMs, () => req.destroy(new Error(`request timed out after ${request.timeoutMs} ms`)));
        req.on('error', reject);
        req.end(request.payload);
      });
    },
    close() {
      agent.destroy();
    },
  };
}
