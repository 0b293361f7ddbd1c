import os from 'node:os';
import { TidewayError } from '../core/errors.js';
import { redactStrings } from '../core/redact/redact.js';
import type { AppView, InvalidAppFile } from '../agent/agent-control.js';
import type { AuditEvent, AuditQuery, SyncRecord } from '../store/store.js';
import { TIDEWAY_VERSION } from '../version.js';
import { locateAgent, type LocateOptions } from './agent-location.js';

/** The User-Agent of the CLI's API calls. */
export const CLI_USER_AGENT = `tideway-cli/${TIDEWAY_VERSION}`;

export { defaultDataDir } from './agent-location.js';

/** The agent refused a request (`status` is its HTTP status), or could not be reached (no status). */
export class AgentClientError extends TidewayError {
  readonly status?: number;
  constructor(code: 'AgentUnavailable' | 'AgentRequestFailed', message: string, options: { status?: number; cause?: unknown } = {}) {
    super(code, message, { cause: options.cause });
    this.status = options.status;
  }
}

export interface ConnectOptions extends LocateOptions {
  /** Sent as X-Tideway-User, recorded in history and audit. Default: TIDEWAY_USER, else the OS user name. */
  user?: string;
  /** Per request. Default 30 s. */
  timeoutMs?: number;
}

/** The running agent's API (`/api/v1`), one typed method per route. */
export interface AgentClient {
  url: string;
  /** The apps, and the Application files the agent could not load (an older agent sends none). */
  listApps(): Promise<{ apps: AppView[]; invalid: InvalidAppFile[] }>;
  getApp(name: string): Promise<AppView>;
  history(name: string, limit?: number): Promise<SyncRecord[]>;
  getSync(id: number): Promise<SyncRecord>;
  sync(name: string): Promise<{ queued: true }>;
  rollback(name: string, options: { to: string } | { steps: number }): Promise<{ revision: string }>;
  resume(name: string): Promise<{ resumed: true }>;
  audit(query?: AuditQuery): Promise<AuditEvent[]>;
  /** GET /readyz: true when the agent has loaded its apps. */
  ready(): Promise<boolean>;
  createToken(options: { name: string; expiresIn?: string; user?: string }): Promise<ApiTokenView & { token: string }>;
  listTokens(options?: { user?: string; all?: boolean }): Promise<ApiTokenView[]>;
  revokeToken(id: string): Promise<{ revoked: true }>;
}

/** An API token as the agent lists it (never its secret). */
export interface ApiTokenView {
  id: string;
  user: string;
  name: string;
  createdAt: string;
  expiresAt?: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

/** Finds the running agent (see locateAgent) and returns a client for its API. Sends nothing until called. */
export async function connectAgent(options: ConnectOptions = {}): Promise<AgentClient> {
  const { url, token } = await locateAgent(options);
  const user = headerSafe(options.user ?? process.env.TIDEWAY_USER ?? osUser());
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function call(method: 'GET' | 'POST' | 'DELETE', route: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      // The agent logs the CLI's calls at debug: a user's `tideway status` is not news for its log.
      'user-agent': CLI_USER_AGENT,
    };
    if (user) headers['x-tideway-user'] = user;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(`${url}${route}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError')
        throw new AgentClientError('AgentUnavailable', `the agent at ${url} did not answer within ${timeoutMs / 1000}s`);
      const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new AgentClientError(
        'AgentUnavailable',
        `cannot reach the agent at ${url} (${code}); is it running? (start one with: tideway agent)`,
        { cause: error },
      );
    }
  }

  async function json<T>(method: 'GET' | 'POST' | 'DELETE', route: string, body?: unknown): Promise<T> {
    const res = await call(method, `/api/v1${route}`, body);
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: an API answer, checked field by field below
    let parsed: any;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!res.ok) {
      const reason = typeof parsed?.error === 'string' ? parsed.error : `HTTP ${res.status}`;
      const hint = res.status === 401 ? " (is TIDEWAY_API_TOKEN, or the api-token file in the data dir, the running agent's token?)" : '';
      throw new AgentClientError('AgentRequestFailed', `${reason}${hint}`, { status: res.status });
    }
    if (parsed === undefined)
      throw new AgentClientError('AgentRequestFailed', `the agent at ${url} answered ${method} ${route} with no JSON`, {
        status: res.status,
      });
    // An agent of another version may not redact its answers: nothing the CLI prints carries a credential.
    return redactStrings(parsed) as T;
  }

  const app = (name: string) => `/apps/${encodeURIComponent(name)}`;
  return {
    url,
    listApps: async () => {
      const list = await json<{ apps: AppView[]; invalid?: InvalidAppFile[] }>('GET', '/apps');
      return { apps: list.apps, invalid: list.invalid ?? [] };
    },
    getApp: (name) => json<AppView>('GET', app(name)),
    history: async (name, limit) =>
      (await json<{ syncs: SyncRecord[] }>('GET', `${app(name)}/history${limit === undefined ? '' : `?limit=${limit}`}`)).syncs,
    getSync: (id) => json<SyncRecord>('GET', `/syncs/${id}`),
    sync: (name) => json('POST', `${app(name)}/sync`),
    rollback: (name, options) => json('POST', `${app(name)}/rollback`, options),
    resume: (name) => json('POST', `${app(name)}/resume`),
    audit: async (query = {}) => {
      const params = new URLSearchParams();
      if (query.app !== undefined) params.set('app', query.app);
      if (query.limit !== undefined) params.set('limit', String(query.limit));
      if (query.afterId !== undefined) params.set('afterId', String(query.afterId));
      const qs = params.toString() === '' ? '' : `?${params}`;
      return (await json<{ events: AuditEvent[] }>('GET', `/audit${qs}`)).events;
    },
    createToken: (options) => json('POST', '/tokens', options),
    listTokens: async (options = {}) => {
      const params = new URLSearchParams();
      if (options.user) params.set('user', options.user);
      if (options.all) params.set('all', 'true');
      const qs = params.toString() === '' ? '' : `?${params}`;
      return (await json<{ tokens: ApiTokenView[] }>('GET', `/tokens${qs}`)).tokens;
    },
    revokeToken: (id) => json('DELETE', `/tokens/${encodeURIComponent(id)}`),
    ready: async () => {
      const res = await call('GET', '/readyz');
      await res.arrayBuffer();
      return res.ok;
    },
  };
}

function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'cli';
  }
}

/** A name the API accepts as X-Tideway-User (printable ASCII, at most 128 characters); others become `?`. */
function headerSafe(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '?').slice(0, 128);
}
