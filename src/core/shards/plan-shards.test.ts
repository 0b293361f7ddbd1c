import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkLeaseTimings, isLive, microTime, observe, type LeaseRecord, type ObservedLease } from './lease-record.js';
import { fairShare, planShardRound, preferenceOrder, withinRenewDeadline, type ShardAction } from './plan-shards.js';

const timings = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };
const T0 = Date.UTC(2026, 11, 6, 3, 0, 0);

function lease(holder: string, observedAtMs: number, transitions = 0, rv = '1'): ObservedLease {
  return {
    record: { holderIdentity: holder, leaseDurationSeconds: 15, renewTime: microTime(observedAtMs), leaseTransitions: transitions },
    resourceVersion: rv,
    observedAtMs,
  };
}

/** `kind:shard` for each action, in order: the table's expected column. */
function summary(actions: ShardAction[]): string[] {
  return actions.map((a) => `${a.kind}:${a.shard}`);
}

test('the round for each observed situation', () => {
  const a = 'replica-a';
  const order = preferenceOrder(a, 3); // the shard replica-a prefers first, then the next ones
  const cases: Array<{
    name: string;
    leases: Array<ObservedLease | undefined>;
    live: number;
    now?: number;
    stopping?: boolean;
    joining?: boolean;
    want: string[];
  }> = [
    {
      name: 'alone, no Lease yet: creates all three',
      leases: [undefined, undefined, undefined],
      live: 1,
      want: order.map((s) => `create:${s}`),
    },
    {
      name: 'one of three replicas, no Lease yet: creates only its preferred shard',
      leases: [undefined, undefined, undefined],
      live: 3,
      want: [`create:${order[0]}`],
    },
    {
      name: 'holds its shard, others held live: renews, takes nothing',
      leases: [0, 1, 2].map((s) => (s === order[0] ? lease(a, T0) : lease(`other-${s}`, T0))),
      live: 3,
      want: [`renew:${order[0]}`],
    },
    {
      name: "another's Lease not renewed for less than the duration: left alone",
      leases: [lease('b', T0 - 14_999), lease('b', T0 - 14_999), lease('b', T0 - 14_999)],
      live: 1,
      want: [],
    },
    {
      name: "another's Lease not renewed for the full duration (observed locally): taken",
      leases: [lease('b', T0 - 15_000), lease('b', T0 - 15_000), lease('b', T0 - 15_000)],
      live: 1,
      want: order.map((s) => `acquire:${s}`),
    },
    {
      name: 'a released Lease (empty holder) is taken at once, up to the share',
      leases: [lease('', T0), lease('', T0), lease('', T0)],
      live: 3,
      want: [`acquire:${order[0]}`],
    },
    {
      name: 'holds all three while three replicas live: keeps its share, gives back two',
      leases: [lease(a, T0), lease(a, T0), lease(a, T0)],
      live: 3,
      want: [`release:${order[1]}`, `release:${order[2]}`, `renew:${order[0]}`],
    },
    {
      name: 'a dead replica left a shard while every survivor is at its share: taken once free for two durations',
      leases: [0, 1, 2].map((s) => (s === order[0] ? lease(a, T0) : s === order[1] ? lease('b', T0) : lease('dead', T0 - 30_000))),
      live: 3,
      want: [`renew:${order[0]}`, `acquire:${order[2]}`],
    },
    {
      name: 'joining: renews what it still holds (a restart with the same identity), takes nothing yet',
      leases: [lease(a, T0), undefined, lease('', T0)],
      live: 1,
      joining: true,
      want: ['renew:0'],
    },
    {
      name: 'stopping: releases everything it holds, takes nothing',
      leases: [lease(a, T0), lease('', T0 - 60_000), lease(a, T0)],
      live: 1,
      stopping: true,
      want: ['release:0', 'release:2'],
    },
  ];
  for (const c of cases) {
    const actions = planShardRound({
      self: a,
      nowMs: c.now ?? T0,
      timings,
      leases: c.leases,
      liveReplicas: c.live,
      stopping: c.stopping,
      joining: c.joining,
    });
    assert.deepEqual(summary(actions), c.want, c.name);
  }
});

test('records written: renew keeps acquireTime and transitions; acquire counts a transition; release empties the holder', () => {
  const acquired: LeaseRecord = {
    holderIdentity: 'a',
    leaseDurationSeconds: 15,
    acquireTime: microTime(T0 - 5000),
    renewTime: microTime(T0 - 2000),
    leaseTransitions: 4,
  };
  const [renew] = planShardRound({
    self: 'a',
    nowMs: T0,
    timings,
    leases: [{ record: acquired, resourceVersion: '7', observedAtMs: T0 - 2000 }],
    liveReplicas: 1,
  });
  assert.deepEqual(renew, {
    kind: 'renew',
    shard: 0,
    resourceVersion: '7',
    record: { ...acquired, renewTime: '2026-12-06T03:00:00.000000Z' },
  });

  const [take] = planShardRound({ self: 'a', nowMs: T0, timings, leases: [lease('b', T0 - 20_000, 4, '9')], liveReplicas: 1 });
  assert.deepEqual(take, {
    kind: 'acquire',
    shard: 0,
    resourceVersion: '9',
    record: { holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: microTime(T0), renewTime: microTime(T0), leaseTransitions: 5 },
  });

  const [give] = planShardRound({ self: 'a', nowMs: T0, timings, leases: [lease('a', T0, 2, '3')], liveReplicas: 1, stopping: true });
  assert.equal(give.kind, 'release');
  assert.equal(give.record.holderIdentity, '');
  assert.equal(give.record.leaseDurationSeconds, 1);
});

test('expiry is judged from the local observation time, not from the renewTime the holder wrote', () => {
  const record: LeaseRecord = {
    holderIdentity: 'b',
    leaseDurationSeconds: 15,
    renewTime: '2000-01-01T00:00:00.000000Z',
    leaseTransitions: 0,
  };
  const first = observe(undefined, record, '1', T0);
  assert.equal(isLive(first, T0 + 14_999), true, 'a holder clock far behind does not make its Lease look expired');
  const again = observe(first, record, '1', T0 + 10_000);
  assert.equal(again.observedAtMs, T0, 'the same record seen again does not move the observation time');
  const renewed = observe(again, { ...record, renewTime: '2000-01-01T00:00:02.000000Z' }, '2', T0 + 12_000);
  assert.equal(renewed.observedAtMs, T0 + 12_000);
  assert.equal(isLive(renewed, T0 + 26_999), true);
  assert.equal(isLive(renewed, T0 + 27_000), false);
});

test('the holder stops acting at the renew deadline, before any other replica can see the lease expire', () => {
  const cases: Array<[number | undefined, number, boolean]> = [
    [T0, T0 + 9_999, true],
    [T0, T0 + 10_000, false],
    [undefined, T0, false],
  ];
  for (const [renewedAt, now, holds] of cases) assert.equal(withinRenewDeadline(renewedAt, now, timings), holds, `${renewedAt} at ${now}`);
});

test('fair shares and timings', () => {
  assert.deepEqual([fairShare(3, 3), fairShare(3, 2), fairShare(3, 1), fairShare(3, 0), fairShare(8, 3)], [1, 2, 3, 3, 3]);
  assert.equal(checkLeaseTimings(timings), undefined);
  assert.equal(checkLeaseTimings({ leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 500 }), undefined);
  assert.match(checkLeaseTimings({ ...timings, renewDeadlineMs: 15_000 }) ?? '', /must be shorter than leaseDuration/);
  assert.match(checkLeaseTimings({ ...timings, retryPeriodMs: 9_000 }) ?? '', /must be well under renewDeadline/);
  assert.match(checkLeaseTimings({ ...timings, retryPeriodMs: 0 }) ?? '', /retryPeriodMs: must be a positive duration/);
});

test('replica identities prefer different first shards often enough to spread', () => {
  const firsts = new Set(['tideway-0', 'tideway-1', 'tideway-2', 'tideway-3', 'tideway-4'].map((id) => preferenceOrder(id, 3)[0]));
  assert.ok(firsts.size >= 2, [...firsts].join(','));
  assert.deepEqual([...preferenceOrder('x', 4)].sort(), [0, 1, 2, 3]);
});
