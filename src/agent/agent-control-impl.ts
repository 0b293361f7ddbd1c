import type { Logger } from '../log/logger.js';
import type { Store } from '../store/store.js';
import type { AgentControl, AppView, ControlResult } from './agent-control.js';
import type { AppRegistry, RegisteredApp } from './app-registry.js';
import type { AgentMetrics } from './metrics.js';
import type { createRepoFetcher } from './repo-fetcher.js';
import { matchesApp, verifyAndParse, type WebhookProvider } from './webhooks/index.js';
import { createRefusalAudit, type RefusalAudit } from './webhooks/refusal-audit.js';
import type { WorkQueue } from './work-queue.js';

interface ControlDeps {
  store: Store;
  registry: AppRegistry;
  queue: WorkQueue;
  fetcher: ReturnType<typeof createRepoFetcher>;
  log: Logger;
  metrics: AgentMetrics;
  clock: () => Date;
  secrets: Partial<Record<WebhookProvider, string>>;
  isReady: () => boolean;
  /** Where refused webhooks are counted for the audit log (one summary row a minute at most); default: one over `store`. */
  refusals?: RefusalAudit;
}

async function view(store: Store, entry: RegisteredApp): Promise<AppView> {
  const a = entry.app;
  return {
    name: a.name,
    source: { repoURL: a.source.repoURL, targetRevision: a.source.targetRevision, path: a.source.path },
    destination: {
      target: a.destination.target,
      namespace: a.destination.namespace,
      context: a.destination.context,
      server: a.destination.server,
    },
    automated: a.syncPolicy.automated,
    prune: a.syncPolicy.prune,
    selfHeal: a.syncPolicy.selfHeal,
    status: await store.getStatus(a.name),
  };
}

const notFound = (name: string) => ({ ok: false as const, status: 404 as const, error: `no app named "${name}"` });

/** The agent's operations for its API: reads from the store, requests through the work queue, every request audited. */
export function createAgentControl(d: ControlDeps): AgentControl {
  const { store, registry, queue } = d;
  const refusals = d.refusals ?? createRefusalAudit(store, d.clock);

  return {
    listApps: () => Promise.all(registry.list().map((e) => view(store, e))),
    async getApp(name) {
      const e = registry.get(name);
      return e && view(store, e);
    },
    async history(name, limit) {
      return registry.get(name) || (await store.getStatus(name)) ? store.listHistory(name, limit) : undefined;
    },
    getSync: (id) => store.getSync(id),
    audit: (query) => store.listAudit(query),
    ready: d.isReady,

    async requestSync(name, who): Promise<ControlResult<{ queued: true }>> {
      if (!registry.get(name)) return notFound(name);
      await store.appendAudit({ actor: who, action: 'sync.requested', app: name, detail: {} });
      queue.add(name, { trigger: 'user', who, fetch: true });
      return { ok: true, value: { queued: true } };
    },

    async rollback(name, options, who) {
      if (!registry.get(name)) return notFound(name);
      const succeeded = (await store.listHistory(name, 1000)).filter((s) => s.result === 'Succeeded');
      const revisions = [...new Set(succeeded.map((s) => s.revision.sha))]; // newest first
      let target: string | undefined;
      if (options.to) {
        target = revisions.find((sha) => sha.startsWith(options.to!.toLowerCase()));
        if (!target)
          return {
            ok: false,
            status: 400,
            error: `to: revision "${options.to}" is not a successfully synced revision of ${name} (see tideway history ${name})`,
          };
      } else {
        const steps = options.steps ?? 1;
        target = revisions[steps];
        if (!target)
          return {
            ok: false,
            status: 400,
            error: `steps: ${name} has only ${revisions.length} synced revision(s) in its history; cannot go back ${steps}`,
          };
      }
      await store.patchStatus(name, { paused: true });
      await store.appendAudit({
        actor: who,
        action: 'rollback',
        app: name,
        detail: { revision: target, to: options.to, steps: options.steps },
      });
      queue.add(name, { trigger: 'rollback', revision: target, who });
      return { ok: true, value: { revision: target } };
    },

    async resume(name, who) {
      if (!registry.get(name)) return notFound(name);
      await store.patchStatus(name, { paused: false });
      await store.appendAudit({ actor: who, action: 'resume', app: name, detail: {} });
      queue.add(name, { trigger: 'user', who, fetch: true });
      return { ok: true, value: { resumed: true } };
    },

    async webhook(provider, request) {
      const secret = d.secrets[provider];
      const result = verifyAndParse(provider, request, secret ?? '');
      d.metrics.webhooksTotal.inc({ provider, status: String(result.ok ? 202 : result.status) });
      if (!result.ok) {
        if (result.status === 401 || result.status === 413 || result.status === 400) {
          await refusals.note({ provider, status: result.status, reason: result.reason });
        }
        return { status: result.status, body: result.status === 202 ? { ignored: result.reason } : { error: result.reason } };
      }
      const matched = new Set<string>();
      for (const event of result.events) {
        for (const entry of registry.list()) {
          const a = entry.app;
          if (matchesApp(event, { repoURL: a.source.repoURL, targetRevision: a.source.targetRevision, path: a.source.path }))
            matched.add(a.name);
        }
      }
      const repos = new Set<string>();
      for (const name of matched) {
        const a = registry.get(name)!.app;
        if (!repos.has(a.source.repoURL)) {
          d.fetcher.markStale(a.source.repoURL);
          repos.add(a.source.repoURL);
        }
        queue.add(name, { trigger: 'webhook', fetch: true, who: result.event.pusher });
      }
      await store.appendAudit({
        actor: `webhook:${provider}`,
        action: 'webhook.accepted',
        detail: { apps: [...matched], branch: result.event.branch, after: result.event.after, pusher: result.event.pusher },
      });
      d.log.info({ provider, apps: [...matched] }, 'webhook accepted');
      return { status: 202, body: { apps: [...matched] } };
    },
  };
}
