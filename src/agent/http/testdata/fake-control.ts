import type { AgentControl, AppView, ControlResult, InvalidAppFile } from '../../agent-control.js';
import { createAgentEvents, type AgentEvents } from '../../agent-events.js';
import { queryApps } from '../../app-query.js';
import type { AuditEvent, AuditQuery, SyncRecord } from '../../../store/store.js';
import type { WebhookProvider } from '../../webhooks/index.js';

/**
 * Test support: an in-memory AgentControl with two apps, a short history and an audit log. It keeps
 * the rules the real agent promises (unknown app → 404, rollback pauses, resume of an unpaused app →
 * 409) and records every call with its `who`, so API tests can check what reached the control.
 */
export interface FakeControl extends AgentControl {
  calls: { method: string; app?: string; who?: string; args?: unknown }[];
  webhooks: { provider: WebhookProvider; headers: Record<string, string | undefined>; body: Buffer }[];
  setReady(ready: boolean): void;
  /** The apps it holds (tests may change them). */
  apps: AppView[];
  /** What `invalidFiles` answers (default none). */
  invalid: InvalidAppFile[];
  /** What `webhook` answers next. */
  webhookAnswer: { status: number; body: Record<string, unknown> };
  /** The bus `subscribe` reads: tests publish on it. */
  events: AgentEvents;
}

const at = (minutesAgo: number) => new Date(Date.UTC(2024, 4, 1, 12, 0) - minutesAgo * 60_000).toISOString();
export const shaA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const shaB = 'b2c3d4e5f60718293a4b5c6d7e8f901234567890';
export const shaC = 'c3d4e5f60718293a4b5c6d7e8f90123456789012';

export function createFakeControl(): FakeControl {
  let ready = false;
  const apps: AppView[] = [
    {
      name: 'web',
      automated: true,
      prune: true,
      selfHeal: true,
      source: { repoURL: 'https://git.example.com/team/web.git', targetRevision: 'main', path: 'deploy' },
      destination: { target: 'kubernetes', namespace: 'web' },
      status: {
        app: 'web',
        syncStatus: 'Synced',
        health: { status: 'Healthy' },
        paused: false,
        updatedAt: at(1),
        conditions: [],
        revision: { sha: shaC, author: 'Ada', message: 'Scale web to 3 replicas\n\nLonger body.', date: at(30) },
        lastSync: { id: 3, result: 'Succeeded', trigger: 'webhook', revision: shaC, startedAt: at(5), finishedAt: at(4) },
      },
    },
    {
      name: 'edge',
      automated: false,
      prune: false,
      selfHeal: false,
      source: { repoURL: 'https://git.example.com/team/edge.git', targetRevision: 'v2', path: '.' },
      destination: { target: 'host' },
      status: {
        app: 'edge',
        syncStatus: 'OutOfSync',
        health: { status: 'Degraded', message: 'service nginx exited 1' },
        paused: false,
        updatedAt: at(2),
        conditions: [{ type: 'SyncError', message: 'File/etc/nginx.conf: permission denied', since: at(20) }],
      },
    },
  ];
  const history: SyncRecord[] = [
    {
      id: 1,
      app: 'web',
      revision: { sha: shaA, message: 'First deploy' },
      trigger: 'startup',
      who: 'agent',
      startedAt: at(60),
      finishedAt: at(59),
      result: 'Succeeded',
      entries: [
        { ref: { group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web' }, action: 'created', health: { status: 'Healthy' } },
      ],
    },
    {
      id: 2,
      app: 'web',
      revision: { sha: shaB, message: 'Bump image' },
      trigger: 'poll',
      who: 'Ada',
      startedAt: at(30),
      finishedAt: at(29),
      result: 'Failed',
      message: '1 object failed',
      entries: [
        {
          ref: { group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web' },
          action: 'failed',
          message: 'image pull',
          reason: 'Invalid',
        },
        { ref: { group: '', kind: 'Service', namespace: 'web', name: 'web' }, action: 'unchanged' },
      ],
    },
    {
      id: 3,
      app: 'web',
      revision: { sha: shaC, message: 'Scale web to 3 replicas' },
      trigger: 'webhook',
      who: 'Ada',
      startedAt: at(5),
      finishedAt: at(4),
      result: 'Succeeded',
      entries: [
        { ref: { group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web' }, action: 'configured', health: { status: 'Healthy' } },
        { ref: { group: '', kind: 'Service', namespace: 'web', name: 'web' }, action: 'unchanged', health: { status: 'Healthy' } },
      ],
    },
  ];
  const auditLog: AuditEvent[] = [
    { id: 1, at: at(60), actor: 'agent', action: 'agent.started', detail: {} },
    { id: 2, at: at(5), actor: 'webhook:github', action: 'webhook.accepted', app: 'web', detail: { after: shaC } },
    { id: 3, at: at(4), actor: 'agent', action: 'sync.finished', app: 'edge', detail: { result: 'Failed' } },
  ];
  const find = (name: string) => apps.find((a) => a.name === name);
  const notFound = (name: string) => ({ ok: false as const, status: 404 as const, error: `app "${name}" not found` });
  const clone = <T>(v: T): T => structuredClone(v);

  const events = createAgentEvents();
  const fake: FakeControl = {
    apps,
    events,
    calls: [],
    webhooks: [],
    webhookAnswer: { status: 202, body: { accepted: true } },
    setReady(value) {
      ready = value;
    },
    ready: () => ready,
    invalid: [],
    invalidFiles: () => clone(fake.invalid),
    listApps: async () => clone(apps),
    queryApps: async (query) => queryApps(clone(apps), query),
    subscribe: (listener) => events.subscribe(listener),
    async diff(name, options = {}) {
      fake.calls.push({ method: 'diff', app: name, args: options });
      const app = find(name);
      if (!app) return notFound(name);
      return {
        ok: true,
        value: {
          app: name,
          revision: { sha: options.revision ?? app.status?.revision?.sha ?? shaC },
          entries: [
            {
              ref: { group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web' },
              change: 'update',
              diff: '-replicas: 2\n+replicas: 3\n',
            },
          ],
          inSync: false,
        },
      };
    },
    async resourceTree(name) {
      const app = find(name);
      if (!app) return notFound(name);
      const deployment = { group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web' };
      return {
        ok: true,
        value: {
          app: name,
          nodes: [
            { id: 'apps/Deployment/web/web', ref: deployment, managed: true, sync: 'Synced', health: { status: 'Healthy' } },
            {
              id: 'apps/ReplicaSet/web/web-1',
              parentId: 'apps/Deployment/web/web',
              ref: { group: 'apps', kind: 'ReplicaSet', namespace: 'web', name: 'web-1' },
              managed: false,
              health: { status: 'Healthy' },
            },
          ],
        },
      };
    },
    async refresh(name, who) {
      fake.calls.push({ method: 'refresh', app: name, who });
      return find(name) ? { ok: true, value: { queued: true } } : notFound(name);
    },
    async pause(name, who) {
      fake.calls.push({ method: 'pause', app: name, who });
      const app = find(name);
      if (!app?.status) return notFound(name);
      app.status.paused = true;
      return { ok: true, value: { paused: true } };
    },
    getApp: async (name) => clone(find(name)),
    async history(name, limit) {
      if (!find(name)) return undefined;
      return clone(
        history
          .filter((h) => h.app === name)
          .reverse()
          .slice(0, limit ?? 100),
      );
    },
    getSync: async (id) => clone(history.find((h) => h.id === id)),
    async requestSync(name, who, options): Promise<ControlResult<{ queued: true }>> {
      fake.calls.push({ method: 'requestSync', app: name, who, ...(options ? { args: options } : {}) });
      const app = find(name);
      if (!app) return notFound(name);
      const sha = app.status?.revision?.sha ?? shaC;
      const id = history.length + 1;
      history.push({
        id,
        app: name,
        revision: { sha },
        trigger: 'user',
        who,
        startedAt: at(0),
        finishedAt: at(0),
        result: 'Succeeded',
        entries: [],
      });
      return { ok: true, value: { queued: true } };
    },
    async rollback(name, options, who): Promise<ControlResult<{ revision: string }>> {
      fake.calls.push({ method: 'rollback', app: name, who, args: options });
      const app = find(name);
      if (!app?.status) return notFound(name);
      const past = history.filter((h) => h.app === name).reverse();
      const target = options.to !== undefined ? past.find((h) => h.revision.sha.startsWith(options.to!)) : past[options.steps!];
      if (!target)
        return {
          ok: false,
          status: 400,
          error:
            options.to !== undefined
              ? `revision ${options.to} is not in the history of ${name}`
              : `${name} has no sync ${options.steps} steps back`,
        };
      app.status.paused = true;
      return { ok: true, value: { revision: target.revision.sha } };
    },
    async resume(name, who): Promise<ControlResult<{ resumed: true }>> {
      fake.calls.push({ method: 'resume', app: name, who });
      const app = find(name);
      if (!app?.status) return notFound(name);
      if (!app.status.paused) return { ok: false, status: 409, error: `${name} is not paused` };
      app.status.paused = false;
      return { ok: true, value: { resumed: true } };
    },
    async audit(query: AuditQuery) {
      let events = auditLog.filter(
        (e) => (query.app === undefined || e.app === query.app) && (query.afterId === undefined || e.id > query.afterId),
      );
      const limit = query.limit ?? 100;
      events = query.afterId === undefined ? events.slice(-limit) : events.slice(0, limit);
      return clone(events);
    },
    async webhook(provider, request) {
      fake.webhooks.push({ provider, headers: request.headers, body: request.body });
      return fake.webhookAnswer;
    },
  };
  return fake;
}
