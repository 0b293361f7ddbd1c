/**
 * The part of a `coordination.k8s.io/v1` Lease that leader election reads and writes, and what a
 * replica observed of it: client-go's `LeaderElectionRecord` with its `observedTime` (the local
 * clock when the record last changed). Expiry is judged only from the local clock at observation,
 * never from the holder's clock (renewTime is compared for change, not for time).
 */
export interface LeaseRecord {
  holderIdentity: string;
  leaseDurationSeconds: number;
  /** RFC 3339 with microseconds, as the API server stores MicroTime. */
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions: number;
}

export interface ObservedLease {
  record: LeaseRecord;
  /** For optimistic concurrency: an update carries it and fails with 409 if another wrote first. */
  resourceVersion: string;
  /** Local ms when `record` was last seen to change. */
  observedAtMs: number;
}

export interface LeaseTimings {
  /** How long a non-holder waits after the last observed change before taking the lease (client-go default 15 s). */
  leaseDurationMs: number;
  /** How long the holder keeps acting without a successful renewal (default 10 s; must be < lease duration). */
  renewDeadlineMs: number;
  /** How often every replica tries to acquire or renew (default 2 s). */
  retryPeriodMs: number;
}

export const defaultLeaseTimings: LeaseTimings = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

/** Timings that keep the safety argument: the holder's renew deadline passes before any other replica sees the lease expire. */
export function checkLeaseTimings(t: LeaseTimings): string | undefined {
  for (const [field, v] of Object.entries(t) as Array<[keyof LeaseTimings, number]>)
    if (!Number.isFinite(v) || v <= 0) return `${field}: must be a positive duration, got ${v}`;
  if (t.renewDeadlineMs >= t.leaseDurationMs)
    return `renewDeadline (${t.renewDeadlineMs} ms) must be shorter than leaseDuration (${t.leaseDurationMs} ms)`;
  if (t.retryPeriodMs * 1.2 >= t.renewDeadlineMs)
    return `retryPeriod (${t.retryPeriodMs} ms) must be well under renewDeadline (${t.renewDeadlineMs} ms)`;
  return undefined;
}

export function sameRecord(a: LeaseRecord, b: LeaseRecord): boolean {
  return (
    a.holderIdentity === b.holderIdentity &&
    a.leaseDurationSeconds === b.leaseDurationSeconds &&
    a.acquireTime === b.acquireTime &&
    a.renewTime === b.renewTime &&
    a.leaseTransitions === b.leaseTransitions
  );
}

/** What the replica knows after reading `record` at `nowMs`: the observation time moves only when the record changed. */
export function observe(previous: ObservedLease | undefined, record: LeaseRecord, resourceVersion: string, nowMs: number): ObservedLease {
  if (previous && sameRecord(previous.record, record)) return { record, resourceVersion, observedAtMs: previous.observedAtMs };
  return { record, resourceVersion, observedAtMs: nowMs };
}

/** Held by someone whose lease has not expired as this replica observed it. */
export function isLive(lease: ObservedLease | undefined, nowMs: number): boolean {
  if (!lease || lease.record.holderIdentity === '') return false;
  return nowMs < lease.observedAtMs + lease.record.leaseDurationSeconds * 1000;
}

/** MicroTime as the API server wants it: RFC 3339 with six fractional digits. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
