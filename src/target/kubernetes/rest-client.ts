import { checkWriteFence } from './write-fence.js';
import type https from 'node:https';
import { readFileSync } from 'node:fs';
import { TidewayError } from '../../core/errors.js';
import { createHttp1Transport } from './http1-transport.js';
import { importClientNode } from './import-client-node.js';
import { createHttp2Transport, Http2Unsupported } from './http2-transport.js';
import { resolveKubeconfig, type KubeconfigSelection, type ResolvedKubeconfig } from './kubeconfig.js';
import { mayBeQuirk, quirkHint, versionName } from './server-quirks.js';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';

export type { KubeconfigSelection };

export interface KubeResponse<T = unknown> {
  status: number;
  body: T;
}

export interface RequestOptions {
  query?: Record<string, string | undefined>;
  body?: unknown;
  contentType?: string;
  timeoutMs?: number;
}

export interface RestClient {
  readonly server: string;
  readonly contextName: string;
  // biome-ignore lint/suspicious/noExplicitAny: callers name the body type they expect
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<KubeResponse<T>>;
  /** A streaming GET (watch): calls `onLine` for each newline-delimited JSON event until the stream ends or `abort` fires. */
  stream(path: string, query: Record<string, string | undefined>, onLine: (line: string) => void, signal: AbortSignal): Promise<void>;
  close(): void;
}

interface Credentials {
  headers: Record<string, string>;
  tls: https.AgentOptions;
}

const AUTH_REFRESH_MS = 30_000;

/** Credentials of plain kubeconfigs (token, token file, basic auth, client certificates) without the official client. */
function staticCredentials(cfg: ResolvedKubeconfig): Credentials {
  const headers: Record<string, string> = {};
  const token = cfg.token ?? (cfg.tokenFile ? readFileSync(cfg.tokenFile, 'utf8').trim() : undefined);
  if (token) headers.authorization = `Bearer ${token}`;
  else if (cfg.username !== undefined)
    headers.authorization = `Basic ${Buffer.from(`${cfg.username}:${cfg.password ?? ''}`).toString('base64')}`;
  return {
    headers,
    tls: {
      ca: cfg.ca,
      cert: cfg.clientCert,
      key: cfg.clientKey,
      rejectUnauthorized: !cfg.insecureSkipTLSVerify,
      servername: cfg.tlsServerName,
    },
  };
}

/**
 * Exec plugins and auth providers go through the official client (`@kubernetes/client-node`),
 * loaded only when a kubeconfig needs it: importing it costs seconds and ~100 MB.
 */
async function pluginCredentials(cfg: ResolvedKubeconfig): Promise<Credentials> {
  const { KubeConfig } = await importClientNode();
  const kc = new KubeConfig();
  if (cfg.exec) {
    kc.loadFromOptions({
      clusters: [{ name: 'cluster', server: cfg.server, skipTLSVerify: cfg.insecureSkipTLSVerify, caData: cfg.ca?.toString('base64') }],
      users: [{ name: 'user', exec: cfg.exec }],
      contexts: [{ name: cfg.contextName, cluster: 'cluster', user: 'user' }],
      currentContext: cfg.contextName,
    });
  } else if (cfg.files.length === 1) kc.loadFromFile(cfg.files[0]);
  else {
    for (const file of cfg.files) {
      const part = new KubeConfig();
      part.loadFromFile(file);
      kc.mergeConfig(part);
    }
  }
  if (!cfg.exec) kc.setCurrentContext(cfg.contextName);
  const opts: https.RequestOptions = { headers: {} };
  await kc.applyToHTTPSOptions(opts);
  return {
    headers: Object.fromEntries(Object.entries(opts.headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v])),
    tls: {
      ca: opts.ca ?? cfg.ca,
      cert: opts.cert,
      key: opts.key,
      rejectUnauthorized: opts.rejectUnauthorized ?? !cfg.insecureSkipTLSVerify,
      servername: opts.servername ?? cfg.tlsServerName,
    },
  };
}

/**
 * Generic REST calls to the API server: HTTP/2 over one connection when the server offers it (as
 * client-go does), else HTTP/1.1 over a keep-alive pool. Credentials are refreshed periodically so
 * token files and exec-plugin tokens rotate.
 */
export interface RestClientOptions {
  maxSockets?: number;
  http2?: boolean;
  /**
   * After every request: true when the API server answered (any HTTP status), false after a
   * connection error or timeout (not after the caller's own abort). For connection-state metrics.
   */
  onResult?: (answered: boolean) => void;
}

export function createRestClient(selection: KubeconfigSelection, options: RestClientOptions = {}): RestClient {
  const cfg = resolveKubeconfig(selection);
  const server = cfg.server;
  const url = new URL(server);
  const secure = url.protocol === 'https:';
  let transport: Transport | undefined;
  let useHttp2 = secure && options.http2 !== false && process.env.TIDEWAY_KUBE_HTTP1 !== '1';
  let tlsOptions: Credentials['tls'] = {};
  let headers: Record<string, string> = {};
  let authAt = 0;
  let pending: Promise<void> | undefined;

  function makeTransport(): Transport {
    return useHttp2
      ? createHttp2Transport(url, tlsOptions)
      : createHttp1Transport(url, tlsOptions, { maxSockets: options.maxSockets ?? 32 });
  }

  async function refreshAuth(): Promise<void> {
    const creds = cfg.needsPlugin ? await pluginCredentials(cfg) : staticCredentials(cfg);
    headers = creds.headers;
    if (!transport) {
      tlsOptions = creds.tls;
      transport = makeTransport();
    }
    authAt = Date.now();
  }

  async function ensureAuth() {
    if (transport && Date.now() - authAt < AUTH_REFRESH_MS) return;
    pending ??= refreshAuth().finally(() => {
      pending = undefined;
    });
    await pending;
  }

  /** The request path with its query, each name and value percent-encoded (cheaper than URLSearchParams, on every request). */
  function fullPath(path: string, query: Record<string, string | undefined> = {}): string {
    let qs = '';
    for (const k in query) {
      const v = query[k];
      if (v !== undefined && Object.hasOwn(query, k)) qs += `${qs ? '&' : '?'}${encodeURIComponent(k)}=${encodeURIComponent(v)}`;
    }
    return `${url.pathname === '/' ? '' : url.pathname}${path}${qs}`;
  }

  /** Sends one request; a server that turns out not to speak HTTP/2 gets it again over HTTP/1.1. */
  async function send(
    method: string,
    path: string,
    query: Record<string, string | undefined> | undefined,
    payload: Buffer | undefined,
    extra: Record<string, string>,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<TransportResponse> {
    await ensureAuth();
    const request: TransportRequest = {
      method,
      path: fullPath(path, query),
      headers: { ...headers, accept: 'application/json', ...extra },
      payload,
      timeoutMs,
      signal,
    };
    checkWriteFence(method, `${server}${path}`);
    try {
      const res = await transport!.send(request);
      options.onResult?.(true);
      return res;
    } catch (error) {
      if (error instanceof Http2Unsupported && useHttp2) {
        useHttp2 = false;
        transport!.close();
        transport = makeTransport();
        return send(method, path, query, payload, extra, timeoutMs, signal);
      }
      if (!signal?.aborted) options.onResult?.(false);
      const cause = error as Error;
      throw new TidewayError('TargetUnavailable', `${method} ${server}${path}: ${cause.message}`, { cause });
    }
  }

  async function request<T>(method: string, path: string, ro: RequestOptions = {}): Promise<KubeResponse<T>> {
    const payload = ro.body === undefined ? undefined : Buffer.from(typeof ro.body === 'string' ? ro.body : JSON.stringify(ro.body));
    const extra: Record<string, string> = payload
      ? { 'content-type': ro.contentType ?? 'application/json', 'content-length': String(payload.length) }
      : {};
    let res = await send(method, path, ro.query, payload, extra, ro.timeoutMs ?? 30_000);
    if (res.status === 401 && cfg.tokenFile) {
      // A rotated ServiceAccount token (or token file): read it again now rather than at the next refresh.
      res.body.resume();
      authAt = 0;
      res = await send(method, path, ro.query, payload, extra, ro.timeoutMs ?? 30_000);
    }
    const text = await new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      res.body.on('data', (c: Buffer) => chunks.push(c));
      res.body.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.body.on('error', (cause: Error) =>
        reject(new TidewayError('TargetUnavailable', `${method} ${server}${path}: ${cause.message}`, { cause })),
      );
    });
    let body: unknown = text;
    if (text && res.contentType.includes('json')) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    if (res.status >= 500) body = await explainQuirk(body);
    return { status: res.status, body: body as T };
  }

  let serverVersion: Promise<string> | undefined;
  /** A known quirk of an older server gets what to do appended to its message (server-quirks.ts). */
  async function explainQuirk(body: unknown): Promise<unknown> {
    const message = (body as { message?: unknown } | undefined)?.message;
    if (typeof message !== 'string' || !mayBeQuirk(message)) return body;
    serverVersion ??= request('GET', '/version').then(
      (v) => versionName(v.body),
      () => 'unknown version',
    );
    const hint = quirkHint(message, await serverVersion);
    return hint ? { ...(body as object), message: `${message}: ${hint}` } : body;
  }

  async function stream(
    path: string,
    query: Record<string, string | undefined>,
    onLine: (line: string) => void,
    signal: AbortSignal,
  ): Promise<void> {
    let res: TransportResponse;
    try {
      res = await send('GET', path, query, undefined, {}, 0, signal);
    } catch (error) {
      if (signal.aborted) return;
      throw error;
    }
    if (res.status >= 300) {
      res.body.resume();
      throw new TidewayError('TargetUnavailable', `watch ${path}: HTTP ${res.status}`);
    }
    await new Promise<void>((resolve, reject) => {
      let buffered = '';
      res.body.setEncoding('utf8');
      res.body.on('data', (chunk: string) => {
        buffered += chunk;
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          if (line.trim()) onLine(line);
        }
      });
      res.body.on('end', () => resolve());
      res.body.on('error', (e) => (signal.aborted ? resolve() : reject(e)));
      res.body.on('close', () => resolve());
    });
  }

  return {
    server,
    contextName: cfg.contextName,
    request,
    stream,
    close() {
      transport?.close();
    },
  };
}

/** The message of a Kubernetes Status body, or the HTTP status. */
export function statusMessage(response: KubeResponse): string {
  const body = response.body as { message?: string } | string;
  if (body && typeof body === 'object' && body.message) return body.message;
  return typeof body === 'string' && body ? body.slice(0, 300) : `HTTP ${response.status}`;
}

export function statusReason(response: KubeResponse): string {
  const body = response.body as { reason?: string };
  return (body && typeof body === 'object' && body.reason) || `HTTP${response.status}`;
}
