import type { Readable } from 'node:stream';

/** One HTTP request to the API server, as the REST client sends it. */
export interface TransportRequest {
  method: string;
  /** Path and query string. */
  path: string;
  headers: Record<string, string>;
  payload?: Buffer;
  /** 0: none (watches). */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  contentType: string;
  /** The response body; read it to the end or destroy it. */
  body: Readable;
}

/**
 * How requests reach the API server: HTTP/2 (one multiplexed connection, as client-go uses) or
 * HTTP/1.1 over a keep-alive pool. Rejects with the network error (connection refused, TLS, timeout).
 */
export interface Transport {
  send(request: TransportRequest): Promise<TransportResponse>;
  close(): void;
}
