import { fnv1a32 } from './shard-of.js';
import { isLive, microTime, type LeaseRecord, type LeaseTimings, type ObservedLease } from './lease-record.js';

/**
 * One round of a replica's shard leases, decided with no I/O: which Lease to create, acquire, renew
 * or release, given what the replica last observed of every shard's Lease and how many replicas are
 * alive. client-go's leader-election rules per Lease (take only a Lease whose holder has not renewed
 * for a lease duration as observed locally; renew your own; transitions counted on a change of
 * holder), plus spreading: a replica takes free shards up to its fair share (shards / live replicas,
 * rounded up), starting from a shard its identity prefers so replicas starting together pick different
 * ones, and gives back what it holds beyond that share when more replicas are alive. A shard free for
 * more than a lease duration more is taken by anyone (no orphan when every replica is at its share).
 */
export type ShardAction =
  | { kind: 'create'; shard: number; record: LeaseRecord }
  | { kind: 'acquire'; shard: number; record: LeaseRecord; resourceVersion: string }
  | { kind: 'renew'; shard: number; record: LeaseRecord; resourceVersion: string }
  | { kind: 'release'; shard: number; record: LeaseRecord; resourceVersion: string };

export interface ShardRoundInput {
  self: string;
  nowMs: number;
  timings: LeaseTimings;
  /** Per shard (index = shard), the Lease as last observed; undefined: it does not exist yet. */
  leases: Array<ObservedLease | undefined>;
  /** Replicas alive (their membership Lease live), this one included; at least 1. */
  liveReplicas: number;
  /** Give every held shard back (graceful stop). */
  stopping?: boolean;
  /**
   * Just started: announce membership and take nothing yet, so replicas starting together see each
   * other before choosing (otherwise the first one up takes every shard and hands most back).
   */
  joining?: boolean;
}

export function fairShare(shards: number, liveReplicas: number): number {
  return Math.ceil(shards / Math.max(1, liveReplicas));
}

/** Whether the holder may still act on a shard: its last successful renewal started less than the renew deadline ago. */
export function withinRenewDeadline(renewedAtMs: number | undefined, nowMs: number, timings: LeaseTimings): boolean {
  return renewedAtMs !== undefined && nowMs - renewedAtMs < timings.renewDeadlineMs;
}

/** The shards in the order this replica tries them: from the one its identity hashes to, wrapping around. */
export function preferenceOrder(self: string, shards: number): number[] {
  const start = fnv1a32(self) % shards;
  return Array.from({ length: shards }, (_, i) => (start + i) % shards);
}

export function planShardRound(input: ShardRoundInput): ShardAction[] {
  const { self, nowMs, timings, leases } = input;
  const n = leases.length;
  const seconds = Math.max(1, Math.ceil(timings.leaseDurationMs / 1000));
  const now = microTime(nowMs);
  const actions: ShardAction[] = [];
  const mine = leases.flatMap((l, shard) => (l?.record.holderIdentity === self ? [shard] : []));
  const share = fairShare(n, input.liveReplicas);

  if (input.stopping) {
    for (const shard of mine) {
      const l = leases[shard]!;
      actions.push({ kind: 'release', shard, resourceVersion: l.resourceVersion, record: released(l.record, now) });
    }
    return actions;
  }

  // Give back the excess, the least preferred first; keep (renew) the rest.
  const order = preferenceOrder(self, n);
  const keep = [...mine].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const excess = keep.splice(share);
  for (const shard of excess) {
    const l = leases[shard]!;
    actions.push({ kind: 'release', shard, resourceVersion: l.resourceVersion, record: released(l.record, now) });
  }
  for (const shard of keep) {
    const l = leases[shard]!;
    actions.push({
      kind: 'renew',
      shard,
      resourceVersion: l.resourceVersion,
      record: { ...l.record, leaseDurationSeconds: seconds, renewTime: now },
    });
  }

  if (input.joining) return actions;
  let count = keep.length;
  for (const shard of order) {
    const l = leases[shard];
    if (l?.record.holderIdentity === self || isLive(l, nowMs)) continue;
    const orphaned = l !== undefined && nowMs >= l.observedAtMs + (l.record.leaseDurationSeconds * 1000 + timings.leaseDurationMs);
    if (count >= share && !orphaned) continue;
    count++;
    const record: LeaseRecord = {
      holderIdentity: self,
      leaseDurationSeconds: seconds,
      acquireTime: now,
      renewTime: now,
      leaseTransitions: l ? l.record.leaseTransitions + 1 : 0,
    };
    actions.push(l ? { kind: 'acquire', shard, record, resourceVersion: l.resourceVersion } : { kind: 'create', shard, record });
  }
  return actions;
}

/** client-go's release: an empty holder and a one-second lease, so others need not wait out the duration. */
function released(record: LeaseRecord, now: string): LeaseRecord {
  return { ...record, holderIdentity: '', leaseDurationSeconds: 1, renewTime: now };
}
