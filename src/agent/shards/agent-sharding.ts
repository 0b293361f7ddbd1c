import os from 'node:os';
import { planWebhookForwards, shardOf, type LeaseTimings, type UnroutedApp } from '../../core/shards/index.js';
import type { WebhookProvider, WebhookRequest } from '../webhooks/index.js';
import { forwardWebhook, type ForwardOutcome } from './forward-webhook.js';
import type { Logger } from '../../log/logger.js';
import { createRestClient } from '../../target/kubernetes/rest-client.js';
import type { AppRegistry } from '../app-registry.js';
import type { WorkQueue } from '../work-queue.js';
import { createLeaseApi } from './lease-api.js';
import { applicationPath } from '../cluster-apps/application-watch.js';
import { REFRESH_ANNOTATION } from '../cluster-apps/index.js';
import { createShardLeases, type ShardView } from './shard-leases.js';

export interface ShardingOptions {
  /** Shards the apps are spread over (`--shards`); each is held by one replica at a time through a Lease. */
  count: number;
  /** This replica's identity (`--replica-id`, else POD_NAME, else hostname-pid). */
  replicaId: string;
  /** Namespace of the Leases (TIDEWAY_NAMESPACE, else tideway-system). */
  namespace: string;
  timings: LeaseTimings;
  /** Test hook: while this file exists, Lease requests fail (a partition of renewals only). */
  faultFile?: string;
  /** The URL other replicas reach this one's API at (`--advertise-url`); default: see defaultAdvertiseUrl. */
  advertiseUrl?: string;
}

/** Who owns an app: its shard, and the replica holding that shard ('' when nobody holds it now). */
export interface AppOwner {
  shard: number;
  owner: string;
}

export interface AgentSharding {
  readonly replicaId: string;
  /** Whether this replica reconciles the app now. */
  owns(name: string, namespace?: string): boolean;
  ownerOf(name: string, namespace?: string): AppOwner;
  /** The shard of an app of the registry. */
  shardOf(name: string): number;
  view(): ShardView;
  /** Drift seen on an app this replica does not own: should it take the app's shard, the app is reconciled first. */
  noteDrift(name: string): void;
  /** Sets the refresh annotation on a cluster Application: its owner, watching it, refreshes the app. */
  requestRefresh(name: string, namespace: string, who: string): Promise<boolean>;
  /**
   * Passes a verified webhook on, verbatim, to the owners of `apps` (apps of files and other apps with
   * no object to annotate), once per owner; `forwardedBy`: the request came from another replica.
   */
  forwardWebhook(
    provider: WebhookProvider,
    request: WebhookRequest,
    apps: string[],
    forwardedBy?: string,
  ): Promise<{ outcomes: ForwardOutcome[]; unrouted: UnroutedApp[] }>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * The API URL a replica advertises when `--advertise-url` is not given: the pod's IP (POD_IP, from
 * the downward API) with the port and scheme the API is bound with, else the URL it bound.
 */
export function defaultAdvertiseUrl(boundUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!boundUrl) return undefined;
  const ip = env.POD_IP?.trim();
  if (!ip) return boundUrl;
  const bound = new URL(boundUrl);
  const host = ip.includes(':') ? `[${ip}]` : ip;
  return `${bound.protocol}//${host}${bound.port ? `:${bound.port}` : ''}`;
}

export function defaultReplicaId(env: NodeJS.ProcessEnv = process.env): string {
  return env.POD_NAME || `${os.hostname()}-${process.pid}`;
}

/** The key an app is hashed by: namespace/name for Application objects, the name for apps of files. */
export const shardKey = (name: string, namespace?: string) => (namespace ? `${namespace}/${name}` : name);

/**
 * Wires shard Leases into the agent: an app is reconciled only while this replica holds its shard;
 * a shard gained queues its apps (they may have drifted while nobody held it), a shard lost cancels
 * their queued and running work and waits (up to the renew deadline) for running reconciles to end.
 */
export function createAgentSharding(deps: {
  options: ShardingOptions;
  kubeconfig?: string;
  registry: AppRegistry;
  queue: () => WorkQueue;
  /** A shard was just taken: the syncs its apps' previous holder left running are marked interrupted. */
  markInterrupted(apps: string[]): Promise<unknown>;
  /** A shard was just taken: its apps no replica recorded yet get their `app.added` row (written once across replicas). */
  recordAdded?(apps: string[]): void;
  /**
   * A shard was just taken: its apps' repositories are fetched again before they are reconciled. The
   * previous holder may have applied a commit this replica has not fetched (a webhook it never got);
   * reconciling from a fresh-enough cache would put the older commit back.
   */
  markStale?(apps: string[]): void;
  log: Logger;
  onRound?(view: ShardView): void;
  /** This replica's API URL once it is bound (advertised unless `advertiseUrl` is set). */
  boundUrl?: () => string | undefined;
}): AgentSharding {
  const { options, registry, log } = deps;
  const client = createRestClient({ kubeconfig: deps.kubeconfig });
  const api = createLeaseApi(client, options.namespace, {
    timeoutMs: Math.max(500, Math.floor(options.timings.renewDeadlineMs / 2)),
    faultFile: options.faultFile,
  });
  /** Shards by key, remembered: every check of ownership and every metrics round asks for them (5,000 apps every retry period). */
  const shardByKey = new Map<string, number>();
  const shardOfKey = (key: string) => {
    let shard = shardByKey.get(key);
    if (shard === undefined) {
      if (shardByKey.size > 2 * registry.size() + 1000) shardByKey.clear(); // apps come and go
      shard = shardOf(key, options.count);
      shardByKey.set(key, shard);
    }
    return shard;
  };
  const shardOfEntry = (name: string) => {
    const origin = registry.get(name)?.origin;
    return shardOfKey(shardKey(name, origin?.kind === 'cluster' ? origin.namespace : undefined));
  };
  const appsOf = (shard: number) => registry.list().filter((r) => shardOfEntry(r.app.name) === shard);
  /** Apps whose objects changed while another replica (or nobody) held their shard; bounded by the apps loaded. */
  const drifted = new Set<string>();
  const leases = createShardLeases({
    api,
    self: options.replicaId,
    shards: options.count,
    timings: options.timings,
    apiUrl: () => options.advertiseUrl ?? defaultAdvertiseUrl(deps.boundUrl?.()),
    log: log.child({ component: 'shards', replica: options.replicaId }),
    onAcquired(shard) {
      const apps = appsOf(shard).map((r) => r.app.name);
      // Drift seen during the takeover is urgent work: healed before the rest of the shard is checked.
      const healFirst = new Set(apps.filter((n) => drifted.has(n)));
      for (const n of apps) drifted.delete(n);
      deps.recordAdded?.(apps);
      deps.markStale?.(apps);
      // Marked before the apps are queued: this replica's own syncs of them start after.
      void deps
        .markInterrupted(apps)
        .catch((error) => log.warn({ shard, err: (error as Error).message }, 'running syncs of a taken shard not marked interrupted'))
        .finally(() => {
          for (const name of apps) deps.queue().add(name, { trigger: healFirst.has(name) ? 'drift' : 'startup', fetch: true });
        });
    },
    async onLost(shard) {
      const names = appsOf(shard).map((r) => r.app.name);
      const queue = deps.queue();
      for (const name of names) queue.cancel(name);
      const until = Date.now() + options.timings.renewDeadlineMs;
      while (names.some((n) => queue.isBusy(n)) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    },
    onRound: deps.onRound,
  });
  const shardFor = (name: string, namespace?: string) =>
    namespace === undefined ? shardOfEntry(name) : shardOfKey(shardKey(name, namespace));
  return {
    replicaId: options.replicaId,
    owns: (name, namespace) => leases.owns(shardFor(name, namespace)),
    shardOf: shardOfEntry,
    ownerOf(name, namespace) {
      const shard = shardFor(name, namespace);
      return { shard, owner: leases.owns(shard) ? options.replicaId : (leases.view().holders[shard]?.holder ?? '') };
    },
    view: () => leases.view(),
    noteDrift(name) {
      if (registry.get(name)) drifted.add(name);
    },
    async requestRefresh(name, namespace, who) {
      const res = await client.request('PATCH', applicationPath(namespace, name), {
        contentType: 'application/merge-patch+json',
        body: { metadata: { annotations: { [REFRESH_ANNOTATION]: who } } },
        timeoutMs: 10_000,
      });
      if (res.status >= 300) log.warn({ app: name, namespace, status: res.status }, 'refresh not passed on to the owner');
      return res.status < 300;
    },
    async forwardWebhook(provider, request, apps, forwardedBy) {
      const view = leases.view();
      const plan = planWebhookForwards({
        self: options.replicaId,
        apps: apps.map((app) => {
          const shard = shardOfEntry(app);
          return { app, owner: leases.owns(shard) ? options.replicaId : (view.holders[shard]?.holder ?? '') };
        }),
        urls: view.apiUrls,
        forwardedBy,
      });
      const outcomes = await Promise.all(plan.forwards.map((f) => forwardWebhook(f, provider, request, options.replicaId)));
      for (const o of outcomes)
        if (o.error) log.warn({ provider, owner: o.owner, apps: o.apps, err: o.error }, 'webhook not passed on to the owner');
      return { outcomes, unrouted: plan.unrouted };
    },
    start: () => leases.start(),
    async stop() {
      await leases.stop();
      client.close();
    },
  };
}
