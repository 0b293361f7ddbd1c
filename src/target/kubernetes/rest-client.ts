import https from 'node:https';
import http from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';
import { TidewayError } from '../../core/errors.js';

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
  /** The kubeconfig, for the official client's Watch. */
  readonly kubeConfig: KubeConfig;
  close(): void;
}

export interface KubeconfigSelection {
  /** Path of a kubeconfig file; default: KUBECONFIG, then ~/.kube/config (as kubectl). */
  kubeconfig?: string;
  context?: string;
  /** Picks the context whose cluster has this server URL. */
  server?: string;
}

/** Loads kubeconfig as users have it (KUBECONFIG, contexts, tokens, client certificates, exec plugins). */
export function loadKubeConfig(selection: KubeconfigSelection): KubeConfig {
  const kc = new KubeConfig();
  if (selection.kubeconfig) kc.loadFromFile(selection.kubeconfig);
  else kc.loadFromDefault();
  if (selection.context) {
    if (!kc.getContextObject(selection.context)) {
      throw new TidewayError('TargetUnavailable', `kubeconfig has no context "${selection.context}"`);
    }
    kc.setCurrentContext(selection.context);
  } else if (selection.server) {
    const wanted = selection.server.replace(/\/+$/, '');
    const ctx = kc.getContexts().find((c) => kc.getCluster(c.cluster)?.server.replace(/\/+$/, '') === wanted);
    if (!ctx) throw new TidewayError('TargetUnavailable', `kubeconfig has no context for server ${selection.server}`);
    kc.setCurrentContext(ctx.name);
  }
  if (!kc.getCurrentCluster()) throw new TidewayError('TargetUnavailable', 'kubeconfig has no current cluster');
  return kc;
}

const AUTH_REFRESH_MS = 30_000;

/**
 * Generic REST calls to the API server with one keep-alive connection pool. Authentication and TLS
 * come from the official client (`applyToHTTPSOptions`), refreshed periodically so exec-plugin and
 * OIDC tokens rotate.
 */
export function createRestClient(kc: KubeConfig, options: { maxSockets?: number } = {}): RestClient {
  const cluster = kc.getCurrentCluster()!;
  const server = cluster.server.replace(/\/+$/, '');
  const url = new URL(server);
  const secure = url.protocol === 'https:';
  let agent: https.Agent | http.Agent | undefined;
  let authHeaders: Record<string, string> = {};
  let authAt = 0;
  let pending: Promise<void> | undefined;

  async function refreshAuth(): Promise<void> {
    const opts: https.RequestOptions = { headers: {} };
    await kc.applyToHTTPSOptions(opts);
    authHeaders = { ...(opts.headers as Record<string, string>) };
    if (!agent) {
      const common = { keepAlive: true, maxSockets: options.maxSockets ?? 32 };
      agent = secure
        ? new https.Agent({ ...common, ca: opts.ca, cert: opts.cert, key: opts.key, pfx: opts.pfx, passphrase: opts.passphrase, rejectUnauthorized: opts.rejectUnauthorized, servername: opts.servername })
        : new http.Agent(common);
    }
    authAt = Date.now();
  }

  async function ensureAuth() {
    if (Date.now() - authAt < AUTH_REFRESH_MS && agent) return;
    pending ??= refreshAuth().finally(() => { pending = undefined; });
    await pending;
  }

  async function request<T>(method: string, path: string, ro: RequestOptions = {}): Promise<KubeResponse<T>> {
    await ensureAuth();
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(ro.query ?? {})) if (v !== undefined) search.set(k, v);
    const qs = search.toString();
    const payload = ro.body === undefined ? undefined : Buffer.from(typeof ro.body === 'string' ? ro.body : JSON.stringify(ro.body));
    const headers: Record<string, string> = { ...authHeaders, accept: 'application/json' };
    if (payload) {
      headers['content-type'] = ro.contentType ?? 'application/json';
      headers['content-length'] = String(payload.length);
    }
    const lib = secure ? https : http;
    return await new Promise<KubeResponse<T>>((resolve, reject) => {
      const req = lib.request({
        protocol: url.protocol, hostname: url.hostname, port: url.port, method,
        path: `${url.pathname === '/' ? '' : url.pathname}${path}${qs ? `?${qs}` : ''}`,
        headers, agent,
      }, (res) => {
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
      });
      req.setTimeout(ro.timeoutMs ?? 30_000, () => req.destroy(new Error(`request timed out after ${ro.timeoutMs ?? 30_000} ms`)));
      req.on('error', (cause) => reject(new TidewayError('TargetUnavailable', `${method} ${server}${path}: ${cause.message}`, { cause })));
      if (payload) req.write(payload);
      req.end();
    });
  }

  return {
    server,
    contextName: kc.getCurrentContext(),
    kubeConfig: kc,
    request,
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
