import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shardingFrom } from './agent-sharding-flags.js';

test('--shards and the Lease flags resolve to sharding options, or fail naming the flag', () => {
  const env = { POD_NAME: 'tideway-7f9c-x2', TIDEWAY_NAMESPACE: 'gitops' };
  assert.equal(shardingFrom({}, env), undefined);
  assert.deepEqual(shardingFrom({ shards: '3' }, env), {
    count: 3,
    replicaId: 'tideway-7f9c-x2',
    namespace: 'gitops',
    timings: { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 },
    faultFile: undefined,
  });
  const custom = shardingFrom(
    { shards: '2', 'replica-id': 'r1', 'lease-duration': '3s', 'renew-deadline': '2s', 'retry-period': '500ms' },
    {},
  );
  assert.deepEqual(custom?.timings, { leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 500 });
  assert.equal(custom?.namespace, 'tideway-system');
  assert.equal(custom?.replicaId, 'r1');
  assert.match(shardingFrom({ shards: '1' }, {})!.replicaId, /-\d+$/, 'hostname-pid without POD_NAME');

  const refused: Array<[Parameters<typeof shardingFrom>[0], RegExp]> = [
    [{ shards: '0' }, /--shards: must be a whole number from 1 to 1024, got "0"/],
    [{ shards: 'three' }, /--shards: must be a whole number/],
    [{ 'replica-id': 'x' }, /--replica-id: only with --shards N/],
    [{ shards: '3', 'lease-duration': 'soon' }, /--lease-duration: "soon" is not a duration/],
    [{ shards: '3', 'lease-duration': '10s', 'renew-deadline': '10s' }, /must be shorter than leaseDuration/],
    [{ shards: '3', 'replica-id': '' }, /--replica-id: must be 1 to 128 characters/],
  ];
  for (const [flags, message] of refused) assert.throws(() => shardingFrom(flags, env), message, JSON.stringify(flags));
});
