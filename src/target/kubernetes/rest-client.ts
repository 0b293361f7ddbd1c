import https from 'node:https';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { TidewayError } from '../../core/errors.js';
import { resolveKubeconfig, type KubeconfigSelection, type ResolvedKubeconfig } from './kubeconfig.js';

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
  else if (cfg.username !== undefined) headers.authorization = `Basic ${Buffer.from(`${cfg.username}:${cfg.password ?? ''}`).toString('base64')}`;
  return {
    headers,
    tls: { ca: cfg.ca, cert: cfg.clientCert, key: cfg.clientKey, rejectUnauthorized: !cfg.insecureSkipTLSVerify, servername: cfg.tlsServerName },
  };
}

/**
 * Exec plugins and auth providers go through the official client (`@kubernetes/client-node`),
 * loaded only when a kubeconfig needs it: importing it costs seconds and ~100 MB.
 */
async function pluginCredentials(cfg: ResolvedKubeconfig): Promise<Credentials> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  if (cfg.files.length === 1) kc.loadFromFile(cfg.files[0]);
  else {
    for (const file of cfg.files) { const part = new KubeConfig(); part.loadFromFile(file); kc.mergeConfig(part); }
  }
  kc.setCurrentContext(cfg.contextName);
  const opts: https.RequestOptions = { headers: {} };
  await kc.applyToHTTPSOptions(opts);
  return {
    headers: Object.fromEntries(Object.entries(opts.headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v])),
    tls: { ca: opts.ca ?? cfg.ca, cert: opts.cert, key: opts.key, rejectUnauthorized: opts.rejectUnauthorized ?? !cfg.insecureSkipTLSVerify, servername: opts.servername ?? cfg.tlsServerName },
  };
}

/**
 * Generic REST calls to the API server over one keep-alive connection pool. Credentials are
 * refreshed periodically so token files and exec-plugin tokens rotate.
 */
export function createRestClient(selection: KubeconfigSelection, options: { maxSockets?: number } = {}): RestClient {
  const cfg = resolveKubeconfig(selection);
  const server = cfg.server;
  const url = new URL(server);
  const secure = url.protocol === 'https:';
  let agent: https.Agent | http.Agent | undefined;
  let headers: Record<string, string> = {};
  let authAt = 0;
  let pending: Promise<void> | undefined;

  async function refreshAuth(): Promise<void> {
    const creds = cfg.needsPlugin ? await pluginCredentials(cfg) : staticCredentials(cfg);
    headers = creds.headers;
    if (!agent) {
      const common = { keepAlive: true, maxSockets: options.maxSockets ?? 32 };
      agent = secure ? new https.Agent({ ...common, ...creds.tls }) : new http.Agent(common);
    }
    authAt = Date.now();
  }

  async function ensureAuth() {
    if (agent && Date.now() - authAt < AUTH_REFRESH_MS) return;
    pending ??= refreshAuth().finally(() => { pending = undefined; });
    await pending;
  }

  function fullPath(path: string, query: Record<string, string | undefined> = {}): string {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) search.set(k, v);
    const qs = search.toString();
    return `${url.pathname === '/' ? '' : url.pathname}${path}${qs ? `?${qs}` : ''}`;
  }

  function open(method: string, path: string, query: Record<string, string | undefined> | undefined, extra: Record<string, string>, timeoutMs: number, onResponse: (res: http.IncomingMessage) => void, onError: (e: Error) => void, signal?: AbortSignal) {
    const lib = secure ? https : http;
    const req = lib.request({
      protocol: url.protocol, hostname: url.hostname, port: url.port, method,
      path: fullPath(path, query), headers: { ...headers, accept: 'application/json', ...extra }, agent, signal,
    }, onResponse);
    if (timeoutMs > 0) req.setTimeout(timeoutMs, () => req.destroy(new Error(`request timed out after ${timeoutMs} ms`)));
    req.on('error', (cause) => onError(new TidewayError('TargetUnavailable', `${method} ${server}${path}: ${cause.message}`, { cause })));
    return req;
  }

  async function request<T>(method: string, path: string, ro: RequestOptions = {}): Promise<KubeResponse<T>> {
    await ensureAuth();
    const payload = ro.body === undefined ? undefined : Buffer.from(typeof ro.body === 'string' ? ro.body : JSON.stringify(ro.body));
    const extra: Record<string, string> = payload ? { 'content-type': ro.contentType ?? 'application/json', 'content-length': String(payload.length) } : {};
    return await new Promise<KubeResponse<T>>((resolve, reject) => {
      const req = open(method, path, ro.query, extra, ro.timeoutMs ?? 30_000, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          if (text && (res.headers['content-type'] ?? '').includes('json')) {
            try { body = JSON.parse(text); } catch { body = text; }
          }
          resolve({ status: res.statusCode ?? 0, body: body as T });
        });
        res.on('error', reject);
      }, reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  async function stream(path: string, query: Record<string, string | undefined>, onLine: (line: string) => void, signal: AbortSignal): Promise<void> {
    await ensureAuth();
    await new Promise<void>((resolve, reject) => {
      const req = open('GET', path, query, {}, 0, (res) => {
        if ((res.statusCode ?? 0) >= 300) {
          res.resume();
          reject(new TidewayError('TargetUnavailable', `watch ${path}: HTTP ${res.statusCode}`));
          return;
        }
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let nl: number;
          while ((nl = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, nl);
            buffered = buffered.slice(nl + 1);
            if (line.trim()) onLine(line);
          }
        });
        res.on('end', () => resolve());
        res.on('error', (e) => (signal.aborted ? resolve() : reject(e)));
        res.on('close', () => resolve());
      }, (e) => (signal.aborted ? resolve() : reject(e)), signal);
      req.end();
    });
  }

  return {
    server,
    contextName: cfg.contextName,
    request,
    stream,
    close() { agent?.destroy(); },
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
