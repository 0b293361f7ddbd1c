import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LeaseRecord } from '../../core/shards/index.js';
import { silentLogger } from '../../log/logger.js';
import type { LeaseApi, LeaseObject } from './lease-api.js';
import { createShardLeases, replicaLeaseName, type ShardLeases } from './shard-leases.js';

/**
 * An in-memory Lease store with the API server's optimistic concurrency (a stale resourceVersion
 * loses), shared by several loops; `cut` makes one replica's requests fail. The real API server is
 * the e2e test's (shards.e2e.test.ts); this checks the loop's timing rules quickly.
 */
function memoryLeases() {
  const leases = new Map<string, LeaseObject>();
  let rv = 0;
  const cut = new Set<string>();
  const slow = new Map<string, number>();
  const api = (self: string): LeaseApi => {
    const guard = async () => {
      if (cut.has(self)) throw new Error('partitioned');
      const ms = slow.get(self);
      if (ms) await new Promise((r) => setTimeout(r, ms));
    };
    const write = (name: string, kind: string, record: LeaseRecord): LeaseObject => {
      const obj = { metadata: { name, resourceVersion: String(++rv), labels: { 'tideway.dev/lease': kind } }, spec: { ...record } };
      leases.set(name, obj);
      return structuredClone(obj);
    };
    return {
      async list() {
        await guard();
        return [...leases.values()].map((l) => structuredClone(l));
      },
      async create(name, kind, record) {
        await guard();
        return leases.has(name) ? undefined : write(name, kind, record);
      },
      async update(name, kind, record, resourceVersion) {
        await guard();
        return leases.get(name)?.metadata.resourceVersion === resourceVersion ? write(name, kind, record) : undefined;
      },
      async remove(name, resourceVersion) {
        await guard();
        if (leases.get(name)?.metadata.resourceVersion === resourceVersion) leases.delete(name);
      },
    };
  };
  return { leases, cut, slow, api };
}

const timings = { leaseDurationMs: 600, renewDeadlineMs: 400, retryPeriodMs: 50 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const holderOf = (store: ReturnType<typeof memoryLeases>, shard: number) =>
  store.leases.get(`tideway-shard-${shard}`)?.spec?.holderIdentity;

function replica(store: ReturnType<typeof memoryLeases>, self: string, events: string[]): ShardLeases {
  return createShardLeases({
    api: store.api(self),
    self,
    shards: 3,
    timings,
    log: silentLogger,
    onAcquired: (s) => events.push(`${self}+${s}`),
    onLost: async (s) => {
      events.push(`${self}-${s}`);
    },
  });
}

test('three replicas started together hold one shard each; a cut replica drops its shard before a survivor takes it', async () => {
  const store = memoryLeases();
  const events: string[] = [];
  const [a, b, c] = ['a', 'b', 'c'].map((id) => replica(store, id, events));
  for (const r of [a, b, c]) r.start();
  try {
    for (let i = 0; i < 250 && new Set([0, 1, 2].map((s) => holderOf(store, s))).size !== 3; i++) await sleep(20);
    assert.deepEqual(
      [0, 1, 2].map((s) => holderOf(store, s)).sort(),
      ['a', 'b', 'c'],
      `${events.join(' ')} ${JSON.stringify([...store.leases.values()])}`,
    );
    assert.equal(events.filter((e) => e.includes('-')).length, 0, `no hand-back while spreading: ${events.join(' ')}`);
    const cutShard = [0, 1, 2].find((s) => holderOf(store, s) === 'a')!;
    assert.equal(a.owns(cutShard), true);

    store.cut.add('a');
    const cutAt = Date.now();
    let droppedAt = 0;
    let takenAt = 0;
    while (Date.now() - cutAt < 3000 && !takenAt) {
      if (!droppedAt && !a.owns(cutShard)) droppedAt = Date.now();
      if (holderOf(store, cutShard) !== 'a') takenAt = Date.now();
      await sleep(5);
    }
    assert.ok(droppedAt > 0 && takenAt > 0, `dropped ${droppedAt}, taken ${takenAt}`);
    assert.ok(droppedAt - cutAt <= timings.renewDeadlineMs + 150, `a stops within its renew deadline (${droppedAt - cutAt} ms)`);
    assert.ok(
      takenAt - cutAt >= timings.leaseDurationMs - 2 * timings.retryPeriodMs,
      `taken only after the lease duration (${takenAt - cutAt} ms)`,
    );
    assert.ok(droppedAt < takenAt, 'the cut replica stopped before the shard was taken');
    assert.ok(events.includes(`a-${cutShard}`));
    assert.equal(store.leases.get(`tideway-shard-${cutShard}`)!.spec!.leaseTransitions, 1, 'one transition counted');
  } finally {
    store.cut.clear();
    await Promise.all([a, b, c].map((r) => r.stop()));
  }
  assert.deepEqual(
    [0, 1, 2].map((s) => holderOf(store, s)),
    ['', '', ''],
    'a graceful stop gives every shard back',
  );
  assert.equal(store.leases.has(replicaLeaseName('b')), false, 'and removes its membership Lease');
});

test('membership Lease names are DNS labels with a hash of the identity', () => {
  const cases: Array<[string, RegExp]> = [
    ['tideway-7d9f8-abcde', /^tideway-replica-tideway-7d9f8-abcde-[0-9a-f]{8}$/],
    ['Host_Name.example:1234', /^tideway-replica-host-name-example-1234-[0-9a-f]{8}$/],
    ['___', /^tideway-replica-[0-9a-f]{8}$/],
  ];
  for (const [id, name] of cases) assert.match(replicaLeaseName(id), name, id);
  assert.notEqual(replicaLeaseName('a.b'), replicaLeaseName('a-b'));
  assert.ok(replicaLeaseName('x'.repeat(200)).length <= 63);
});

test('a renewal answered after the renew deadline does not count: the shard is taken again, and its work restarted', async () => {
  const store = memoryLeases();
  const events: string[] = [];
  const a = replica(store, 'a', events);
  a.start();
  try {
    for (let i = 0; i < 250 && ![0, 1, 2].every((s) => a.owns(s)); i++) await sleep(20);
    assert.ok(
      [0, 1, 2].every((s) => a.owns(s)),
      'alone, it holds every shard',
    );
    store.slow.set('a', timings.renewDeadlineMs + 150); // each request outlives the renew deadline
    for (let i = 0; i < 250 && a.owns(0); i++) await sleep(10);
    assert.equal(a.owns(0), false, 'dropped at the renew deadline');
    store.slow.delete('a');
    for (let i = 0; i < 250 && ![0, 1, 2].every((s) => a.owns(s)); i++) await sleep(20);
    for (const shard of [0, 1, 2]) {
      assert.equal(a.owns(shard), true);
      const mine = events.filter((e) => e.endsWith(`${shard}`));
      assert.equal(
        mine.at(-1),
        `a+${shard}`,
        `the last word on shard ${shard} is an acquisition (its apps queued again): ${mine.join(' ')}`,
      );
    }
  } finally {
    store.slow.clear();
    await a.stop();
  }
});
