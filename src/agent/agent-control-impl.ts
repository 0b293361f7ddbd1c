import { TidewayError } from '../core/errors.js';
import type { Logger } from '../log/logger.js';
import type { AppStatus, Store } from '../store/store.js';
import type { AgentControl, AppDiff, AppView, ControlResult, InvalidAppFile, ResourceTree } from './agent-control.js';
import type { AgentEvents } from './agent-events.js';
import { waitingFor } from './waiting-for.js';
import { clusterOf, queryApps } from './app-query.js';
import type { AppRegistry, RegisteredApp } from './app-registry.js';
import type { AgentMetrics } from './metrics.js';
import type { createRepoFetcher } from './repo-fetcher.js';
import { matchesApp, verifyAndParse, type WebhookProvider, type WebhookRequest } from './webhooks/index.js';
import type { UnroutedApp } from '../core/shards/index.js';
import { FORWARDED_BY_HEADER } from './shards/forward-webhook.js';
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
  events: AgentEvents;
  /** Diffs and resource trees (reads of Git and the target). */
  resources: {
    diff(app: RegisteredApp['app'], options: { revision?: string; prune?: boolean }): Promise<AppDiff>;
    tree(app: RegisteredApp['app']): Promise<ResourceTree>;
  };
  invalidFiles?: () => InvalidAppFile[];
  /** Sharded replicas: who owns each app, and how a non-owner passes a webhook on to the owner. */
  sharding?: ControlSharding;
}

export interface ControlSharding {
  ownerOf(entry: RegisteredApp): { shard: number; owner: string };
  owns(entry: RegisteredApp): boolean;
  /** Asks the owner for a refresh (the `tideway.dev/refresh` annotation of a cluster Application); false when it cannot (apps of files). */
  forwardRefresh(entry: RegisteredApp, who: string): Promise<boolean>;
  /**
   * Passes the verified webhook, verbatim, on to the owners of apps with no object to annotate (apps of
   * files): once per owner. `forwardedBy`: the request was itself forwarded (then nothing is).
   */
  forwardWebhook(
    provider: WebhookProvider,
    request: WebhookRequest,
    entries: RegisteredApp[],
    forwardedBy?: string,
  ): Promise<{ forwarded: string[]; failed: Array<{ replica: string; apps: string[]; error: string }>; unrouted: UnroutedApp[] }>;
}

function labelsOf(manifest: Record<string, unknown>): Record<string, string> {
  const labels = (manifest.metadata as { labels?: unknown } | undefined)?.labels;
  if (typeof labels !== 'object' || labels === null) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') out[k] = v;
  return out;
}

async function view(store: Store, entry: RegisteredApp, sharding?: ControlSharding): Promise<AppView> {
  const v = viewWith(entry, await store.getStatus(entry.app.name));
  const app = sharding ? { ...v, ...sharding.ownerOf(entry) } : v;
  if (!entry.app.dependsOn?.length) return app;
  const deps = new Map(await Promise.all(entry.app.dependsOn.map(async (d) => [d.name, await store.getStatus(d.name)] as const)));
  return { ...app, waitingFor: waitingFor(entry.app, (name) => deps.get(name)) };
}

/** The part of an app's view that changes only with its definition, kept per registry entry. */
const baseViews = new WeakMap<RegisteredApp, Omit<AppView, 'status'>>();

function baseView(entry: RegisteredApp): Omit<AppView, 'status'> {
  let base = baseViews.get(entry);
  if (!base) {
    const { status: _s, ...rest } = buildView(entry, undefined);
    base = rest;
    baseViews.set(entry, base);
  }
  return base;
}

function viewWith(entry: RegisteredApp, status: AppStatus | undefined): AppView {
  return { ...baseView(entry), status };
}

function buildView(entry: RegisteredApp, status: AppStatus | undefined): AppView {
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
    status,
    labels: labelsOf(a.manifest),
    cluster: clusterOf(a.destination),
  };
}

/** A control refusal for a read that failed on Git or the target (the message names what). */
function readFailed(error: unknown): { ok: false; status: 409; error: string } {
  if (error instanceof TidewayError) return { ok: false, status: 409, error: error.message };
  throw error;
}

const notFound = (name: string) => ({ ok: false as const, status: 404 as const, error: `no app named "${name}"` });

/** The agent's operations for its API: reads from the store, requests through the work queue, every request audited. */
export function createAgentControl(d: ControlDeps): AgentControl {
  const { store, registry, queue } = d;
  const refusals = d.refusals ?? createRefusalAudit(store, d.clock);
  /**
   * Every app's status in memory for the list (10,000 apps answer in milliseconds): loaded from the
   * store once, then kept by the event bus. An event seen before the load finished wins over it.
   */
  const statuses = new Map<string, AppStatus>();
  /** Every app's definition view, in name order, as of a registry version. */
  let basesFor: { version: number; bases: AppView[] } | undefined;
  let statusesLoaded: Promise<void> | undefined;
  d.events.subscribe((e) => {
    if (e.type === 'app.status') statuses.set(e.app, e.status);
    else if (e.type === 'app.removed') statuses.delete(e.app);
  });
  const loadStatuses = () =>
    (statusesLoaded ??= store.listStatuses().then(
      (all) => {
        for (const s of all) if (!statuses.has(s.app)) statuses.set(s.app, s);
      },
      (error) => {
        statusesLoaded = undefined;
        throw error;
      },
    ));

  /**
   * Sharded replicas: an action on an app another replica owns is refused (409) naming the owner; this
   * replica's queue would drop it. A refresh of a cluster Application is passed on through its annotation.
   */
  function ownedElsewhere(name: string): { ok: false; status: 409; error: string } | undefined {
    const entry = registry.get(name);
    if (!d.sharding || !entry || d.sharding.owns(entry)) return undefined;
    const { shard, owner } = d.sharding.ownerOf(entry);
    return {
      ok: false,
      status: 409,
      error: `${name} is reconciled by ${owner ? `replica ${owner}` : 'no replica at the moment'} (shard ${shard}), not this one: ask that replica, or try again`,
    };
  }

  return {
    listApps: () => Promise.all(registry.list().map((e) => view(store, e, d.sharding))),
    async getApp(name) {
      const e = registry.get(name);
      return e && view(store, e, d.sharding);
    },
    async history(name, limit) {
      return registry.get(name) || (await store.getStatus(name)) ? store.listHistory(name, limit) : undefined;
    },
    getSync: (id) => store.getSync(id),
    async queryApps(query) {
      await loadStatuses();
      // Filtered over the cached definitions with the statuses beside them; views are made for the page only.
      if (basesFor?.version !== registry.version)
        basesFor = { version: registry.version, bases: registry.list().map(baseView) as AppView[] };
      const bases = basesFor.bases;
      const page = queryApps(bases, query, (app) => statuses.get(app.name));
      const statusOf = (name: string) => statuses.get(name);
      const owner = (name: string) => {
        const e = d.sharding && registry.get(name);
        return e ? d.sharding!.ownerOf(e) : undefined;
      };
      return {
        ...page,
        apps: page.apps.map((app) => {
          const definition = registry.get(app.name)?.app;
          const waits = definition ? waitingFor(definition, statusOf) : undefined;
          return { ...app, status: statuses.get(app.name), ...owner(app.name), ...(waits && { waitingFor: waits }) };
        }),
      };
    },
    subscribe: (listener) => d.events.subscribe(listener),

    async diff(name, options = {}) {
      const entry = registry.get(name);
      if (!entry) return notFound(name);
      try {
        return { ok: true, value: await d.resources.diff(entry.app, options) };
      } catch (error) {
        return readFailed(error);
      }
    },

    async resourceTree(name) {
      const entry = registry.get(name);
      if (!entry) return notFound(name);
      try {
        return { ok: true, value: await d.resources.tree(entry.app) };
      } catch (error) {
        return readFailed(error);
      }
    },

    async refresh(name, who) {
      const entry = registry.get(name);
      if (!entry) return notFound(name);
      const elsewhere = ownedElsewhere(name);
      if (elsewhere) {
        if (!(await d.sharding!.forwardRefresh(entry, who).catch(() => false))) return elsewhere;
        await store.appendAudit({ actor: who, action: 'refresh', app: name, detail: { forwarded: true } });
        return { ok: true, value: { queued: true } };
      }
      d.fetcher.markStale(entry.app.source.repoURL);
      await store.appendAudit({ actor: who, action: 'refresh', app: name, detail: {} });
      queue.add(name, { trigger: 'poll', who, fetch: true });
      return { ok: true, value: { queued: true } };
    },

    async pause(name, who) {
      if (!registry.get(name)) return notFound(name);
      await store.patchStatus(name, { paused: true });
      await store.appendAudit({ actor: who, action: 'pause', app: name, detail: {} });
      return { ok: true, value: { paused: true } };
    },
    audit: (query) => store.listAudit(query),
    ready: d.isReady,
    invalidFiles: () => d.invalidFiles?.() ?? [],

    async requestSync(name, who, options = {}): Promise<ControlResult<{ queued: true }>> {
      if (!registry.get(name)) return notFound(name);
      const elsewhere = ownedElsewhere(name);
      if (elsewhere) return elsewhere;
      await store.appendAudit({ actor: who, action: 'sync.requested', app: name, detail: options.prune ? { prune: true } : {} });
      queue.add(name, { trigger: 'user', who, fetch: true, ...(options.prune ? { prune: true } : {}) });
      return { ok: true, value: { queued: true } };
    },

    async rollback(name, options, who) {
      if (!registry.get(name)) return notFound(name);
      const elsewhere = ownedElsewhere(name);
      if (elsewhere) return elsewhere;
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
      const forwarded: string[] = [];
      /** Sharded: the replica that passed this request on (bounded: it is only a marker, never trusted). */
      const forwardedBy = d.sharding ? request.headers[FORWARDED_BY_HEADER]?.slice(0, 128) : undefined;
      const passOn: RegisteredApp[] = [];
      for (const name of matched) {
        const entry = registry.get(name)!;
        const a = entry.app;
        if (d.sharding && !d.sharding.owns(entry)) {
          // Another replica owns it: a cluster Application is asked through its object (not again when forwarded
          // here: the first receiver did); other apps get the signed request itself, below.
          if (entry.origin.kind === 'cluster') {
            if (!forwardedBy && (await d.sharding.forwardRefresh(entry, `webhook:${provider}`).catch(() => false))) forwarded.push(name);
          } else passOn.push(entry);
          continue;
        }
        if (!repos.has(a.source.repoURL)) {
          d.fetcher.markStale(a.source.repoURL);
          repos.add(a.source.repoURL);
        }
        queue.add(name, { trigger: 'webhook', fetch: true, who: result.event.pusher });
      }
      const passed = passOn.length > 0 ? await d.sharding!.forwardWebhook(provider, request, passOn, forwardedBy) : undefined;
      if (passed) forwarded.push(...passed.forwarded);
      await store.appendAudit({
        actor: `webhook:${provider}`,
        action: 'webhook.accepted',
        detail: {
          apps: [...matched],
          ...(forwarded.length ? { forwarded } : {}),
          ...(passed?.failed.length ? { forwardFailed: passed.failed } : {}),
          ...(passed?.unrouted.length ? { notForwarded: passed.unrouted } : {}),
          ...(forwardedBy ? { forwardedBy } : {}),
          branch: result.event.branch,
          after: result.event.after,
          pusher: result.event.pusher,
        },
      });
      d.log.info({ provider, apps: [...matched] }, 'webhook accepted');
      return { status: 202, body: { apps: [...matched] } };
    },
  };
}
