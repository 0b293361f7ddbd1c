import type { AppDiff, AppPage, AppView, AuditEvent, Me, ResourceTree, SyncRecord } from './types.js';

/** The API failed: `status` 0 when it could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken: string | undefined;
let onSignedOut: () => void = () => undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}
export function whenSignedOut(listener: () => void): void {
  onSignedOut = listener;
}

async function call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials: 'same-origin',
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'the agent cannot be reached');
  }
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    if (res.status === 401 && !path.startsWith('/auth/')) onSignedOut();
    throw new ApiError(res.status, parsed?.error ?? `HTTP ${res.status}`);
  }
  return parsed as T;
}

const app = (name: string) => `/api/v1/apps/${encodeURIComponent(name)}`;

export interface ListFilters {
  search: string;
  health: string;
  sync: string;
  cluster: string;
  namespace: string;
  label: string;
}

export const api = {
  info: () => call<{ oidc: boolean }>('GET', '/auth/info'),
  login: (username: string, password: string) => call<Me>('POST', '/auth/login', { username, password }),
  me: () => call<Me>('GET', '/api/v1/me'),
  logout: () => call('POST', '/api/v1/logout'),
  apps(filters: ListFilters, offset: number, limit: number, signal?: AbortSignal) {
    const q = new URLSearchParams({ offset: String(offset), limit: String(limit) });
    for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
    return call<AppPage>('GET', `/api/v1/apps?${q}`, undefined, signal);
  },
  app: (name: string) => call<AppView>('GET', app(name)),
  tree: (name: string) => call<ResourceTree>('GET', `${app(name)}/tree`),
  diff: (name: string, revision?: string) => call<AppDiff>('GET', `${app(name)}/diff${revision ? `?revision=${revision}` : ''}`),
  history: async (name: string) => (await call<{ syncs: SyncRecord[] }>('GET', `${app(name)}/history?limit=50`)).syncs,
  audit: async (name: string) =>
    (await call<{ events: AuditEvent[] }>('GET', `/api/v1/audit?app=${encodeURIComponent(name)}&limit=100`)).events,
  sync: (name: string, options: { prune: boolean; dryRun: boolean }) =>
    call<AppDiff | { queued: true }>('POST', `${app(name)}/sync`, options),
  refresh: (name: string) => call('POST', `${app(name)}/refresh`),
  pause: (name: string) => call('POST', `${app(name)}/pause`),
  resume: (name: string) => call('POST', `${app(name)}/resume`),
  rollback: (name: string, to: string) => call<{ revision: string }>('POST', `${app(name)}/rollback`, { to }),
};
