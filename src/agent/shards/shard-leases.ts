import {
  fnv1a32,
  isLive,
  microTime,
  observe,
  planShardRound,
  withinRenewDeadline,
  type LeaseTimings,
  type ObservedLease,
  type ShardAction,
} from '../../core/shards/index.js';
import type { Logger } from '../../log/logger.js';
import { API_URL_ANNOTATION, LEASE_KIND_LABEL, recordOf, type LeaseApi, type LeaseObject } from './lease-api.js';

export interface ShardLeasesOptions {
  api: LeaseApi;
  self: string;
  shards: number;
  timings: LeaseTimings;
  log: Logger;
  now?: () => number;
  /** The URL this replica's API is reached at, advertised on its membership Lease (`tideway.dev/api-url`). */
  apiUrl?: () => string | undefined;
  /** The shard is this replica's now: reconcile its apps. */
  onAcquired(shard: number): void;
  /** The shard is no longer this replica's (renew deadline passed, or given back): stop its apps' work, abort what runs. */
  onLost(shard: number): Promise<void>;
  /** After every round: metrics. */
  onRound?(view: ShardView): void;
}

export interface ShardView {
  /** Per shard, the holder as last observed ('' when free or unknown) and the transitions counted. */
  holders: Array<{ shard: number; holder: string; transitions: number }>;
  owned: number[];
  liveReplicas: number;
  /** Replica identity -> the API URL it advertises on its membership Lease (live replicas only, this one included). */
  apiUrls: Record<string, string>;
}

export interface ShardLeases {
  /** Whether this replica may act on `shard` right now (held, and renewed within the renew deadline). */
  owns(shard: number): boolean;
  view(): ShardView;
  start(): void;
  /** Stops renewing and gives every held shard back (its work stopped first). */
  stop(): Promise<void>;
}

export const shardLeaseName = (shard: number) => `tideway-shard-${shard}`;

/** The membership Lease of a replica: a DNS-1123 name from its identity, with a hash so two identities never share one. */
export function replicaLeaseName(self: string): string {
  const readable = self
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, 38)
    .replace(/^-+|-+$/g, '');
  return `tideway-replica-${readable ? `${readable}-` : ''}${fnv1a32(self).toString(16).padStart(8, '0')}`;
}

/**
 * The I/O loop of client-go-style leader election, one Lease per shard plus one membership Lease per
 * replica (so replicas know how many share the work). Every retry period: list the Leases, observe
 * them, let the pure round (core/shards) decide, write. A shard whose last successful renewal is
 * older than the renew deadline is dropped at once (its work aborted), before the lease duration
 * after which any other replica may take it.
 */
export function createShardLeases(options: ShardLeasesOptions): ShardLeases {
  const { api, self, shards, timings, log } = options;
  const now = options.now ?? Date.now;
  const leases: Array<ObservedLease | undefined> = Array.from({ length: shards }, () => undefined);
  const renewedAt: Array<number | undefined> = Array.from({ length: shards }, () => undefined);
  const members = new Map<string, ObservedLease>();
  /** Membership Lease name -> the API URL it advertises. */
  const memberUrls = new Map<string, string>();
  const memberName = replicaLeaseName(self);
  let member: ObservedLease | undefined;
  let liveReplicas = 1;
  let timer: NodeJS.Timeout | undefined;
  let deadlineTimer: NodeJS.Timeout | undefined;
  let stopped = false;
  let round: Promise<void> = Promise.resolve();
  const losing = new Set<number>();
  /** Rounds before this time only announce membership (see ShardRoundInput.joining). */
  let joinUntil = 0;

  const owns = (shard: number) => !losing.has(shard) && withinRenewDeadline(renewedAt[shard], now(), timings);

  async function lose(shard: number, why: string) {
    if (renewedAt[shard] === undefined || losing.has(shard)) return;
    losing.add(shard);
    renewedAt[shard] = undefined;
    log.warn({ shard, why }, 'shard no longer held: its apps are not reconciled here');
    try {
      await options.onLost(shard);
    } catch (error) {
      log.error({ shard, err: (error as Error).message }, 'stopping the work of a lost shard failed');
    } finally {
      losing.delete(shard);
    }
  }

  /** Drops every shard past its renew deadline; re-armed for the next deadline. */
  function checkDeadlines() {
    clearTimeout(deadlineTimer);
    const t = now();
    let next = Number.POSITIVE_INFINITY;
    for (let s = 0; s < shards; s++) {
      const at = renewedAt[s];
      if (at === undefined) continue;
      if (!withinRenewDeadline(at, t, timings)) void lose(s, 'not renewed within the renew deadline');
      else next = Math.min(next, at + timings.renewDeadlineMs - t);
    }
    if (Number.isFinite(next) && !stopped) {
      deadlineTimer = setTimeout(checkDeadlines, Math.max(1, next));
      deadlineTimer.unref?.();
    }
  }

  function observeAll(items: LeaseObject[], t: number) {
    const seen = new Set<string>();
    for (const item of items) {
      const name = item.metadata.name;
      const kind = item.metadata.labels?.[LEASE_KIND_LABEL];
      const record = recordOf(item);
      if (kind === 'shard') {
        const m = /^tideway-shard-(\d+)$/.exec(name);
        const shard = m ? Number(m[1]) : -1;
        if (shard >= 0 && shard < shards) leases[shard] = observe(leases[shard], record, item.metadata.resourceVersion, t);
      } else if (kind === 'replica') {
        seen.add(name);
        const url = item.metadata.annotations?.[API_URL_ANNOTATION];
        if (url) memberUrls.set(name, url);
        else memberUrls.delete(name);
        if (name === memberName) member = observe(member, record, item.metadata.resourceVersion, t);
        else members.set(name, observe(members.get(name), record, item.metadata.resourceVersion, t));
      }
    }
    for (const name of members.keys()) if (!seen.has(name)) members.delete(name);
    for (const name of memberUrls.keys()) if (!seen.has(name)) memberUrls.delete(name);
    if (!seen.has(memberName)) member = undefined;
  }

  async function renewMembership(t: number) {
    const seconds = Math.max(1, Math.ceil(timings.leaseDurationMs / 1000));
    const record = { holderIdentity: self, leaseDurationSeconds: seconds, renewTime: microTime(t), leaseTransitions: 0 };
    const url = options.apiUrl?.();
    const annotations = url ? { [API_URL_ANNOTATION]: url } : undefined;
    const written = member
      ? await api.update(memberName, 'replica', { ...record, acquireTime: member.record.acquireTime }, member.resourceVersion, annotations)
      : await api.create(memberName, 'replica', { ...record, acquireTime: microTime(t) }, annotations);
    if (written) member = observe(member, recordOf(written), written.metadata.resourceVersion, t);
    // Membership Leases of replicas gone for ten lease durations are removed (a Deployment's pods get new names).
    for (const [name, m] of members)
      if (t > m.observedAtMs + 10 * Math.max(m.record.leaseDurationSeconds * 1000, timings.leaseDurationMs))
        await api.remove(name, m.resourceVersion).catch(() => undefined);
  }

  async function perform(action: ShardAction, startedAt: number) {
    const { shard } = action;
    const name = shardLeaseName(shard);
    if (action.kind === 'release') {
      await lose(shard, 'given back');
      const written = await api.update(name, 'shard', action.record, action.resourceVersion);
      if (written) leases[shard] = observe(leases[shard], recordOf(written), written.metadata.resourceVersion, startedAt);
      log.info({ shard }, 'shard given back');
      return;
    }
    // Its work is still being stopped (a loss a moment ago): taken again at a later round, once stopped.
    if (losing.has(shard)) return;
    const written =
      action.kind === 'create'
        ? await api.create(name, 'shard', action.record)
        : await api.update(name, 'shard', action.record, action.resourceVersion);
    if (!written) return; // another replica wrote first: observed at the next round
    leases[shard] = observe(leases[shard], recordOf(written), written.metadata.resourceVersion, startedAt);
    // The renew deadline passed while this request was in flight: the shard's work is being stopped, and
    // a success now must not count (it would hold the shard with its apps' work cancelled). Next round.
    if (losing.has(shard)) return;
    const had = renewedAt[shard] !== undefined;
    // The time the request left, not the answer's: the holder's deadline runs from before the server saw it.
    renewedAt[shard] = startedAt;
    if (!had) {
      log.info({ shard, transitions: action.record.leaseTransitions }, 'shard acquired');
      options.onAcquired(shard);
    }
  }

  async function runRound(stopping: boolean) {
    const t = now();
    try {
      observeAll(await api.list(), t);
      liveReplicas = 1 + [...members.values()].filter((m) => isLive(m, t)).length;
      const actions = planShardRound({ self, nowMs: t, timings, leases, liveReplicas, stopping, joining: t < joinUntil });
      // Membership and shards written at once: a round under load must fit in the renew deadline.
      const results = await Promise.allSettled([...(stopping ? [] : [renewMembership(t)]), ...actions.map((a) => perform(a, t))]);
      for (const r of results) if (r.status === 'rejected') log.warn({ err: (r.reason as Error).message }, 'shard Lease not written');
      if (stopping && member) await api.remove(memberName, member.resourceVersion).catch(() => undefined);
    } catch (error) {
      log.warn({ err: (error as Error).message }, 'shard Leases not read; held shards are dropped at their renew deadline');
    }
    checkDeadlines();
    options.onRound?.(view());
  }

  function apiUrls(): Record<string, string> {
    const t = now();
    const out: Record<string, string> = {};
    for (const [name, m] of members) {
      const url = memberUrls.get(name);
      if (url && isLive(m, t) && m.record.holderIdentity) out[m.record.holderIdentity] = url;
    }
    const own = options.apiUrl?.();
    if (own) out[self] = own;
    return out;
  }

  function view(): ShardView {
    return {
      holders: leases.map((l, shard) => ({
        shard,
        holder: l && isLive(l, now()) ? l.record.holderIdentity : '',
        transitions: l?.record.leaseTransitions ?? 0,
      })),
      owned: leases.flatMap((_, s) => (owns(s) ? [s] : [])),
      liveReplicas,
      apiUrls: apiUrls(),
    };
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      round = runRound(false).finally(schedule);
    }, timings.retryPeriodMs);
  }

  return {
    owns,
    view,
    start() {
      joinUntil = now() + 2 * timings.retryPeriodMs;
      round = runRound(false).finally(schedule);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      await round;
      await runRound(true);
      clearTimeout(deadlineTimer);
      for (let s = 0; s < shards; s++) if (renewedAt[s] !== undefined) await lose(s, 'stopping');
    },
  };
}
