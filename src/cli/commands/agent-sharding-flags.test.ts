import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shardingFrom } from './agent-sharding-flags.js';
import { defaultAdvertiseUrl } from '../../agent/shards/agent-sharding.js';

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
  assert.equal(
    shardingFrom({ shards: '2', 'advertise-url': 'https://tideway-0.tideway:7780/' }, env)?.advertiseUrl,
    'https://tideway-0.tideway:7780',
  );

  const refused: Array<[Parameters<typeof shardingFrom>[0], RegExp]> = [
    [{ shards: '0' }, /--shards: must be a whole number from 1 to 1024, got "0"/],
    [{ shards: 'three' }, /--shards: must be a whole number/],
    [{ 'replica-id': 'x' }, /--replica-id: only with --shards N/],
    [{ shards: '3', 'lease-duration': 'soon' }, /--lease-duration: "soon" is not a duration/],
    [{ shards: '3', 'lease-duration': '10s', 'renew-deadline': '10s' }, /must be shorter than leaseDuration/],
    [{ shards: '3', 'replica-id': '' }, /--replica-id: must be 1 to 128 characters/],
    [{ 'advertise-url': 'http://x:1' }, /--advertise-url: only with --shards N/],
    [{ shards: '3', 'advertise-url': 'tideway-0:7780' }, /--advertise-url: must be http\(s\):\/\/host:port with no path/],
    [{ shards: '3', 'advertise-url': 'http://x:1/webhooks' }, /--advertise-url: must be http\(s\):\/\/host:port with no path/],
  ];
  for (const [flags, message] of refused) assert.throws(() => shardingFrom(flags, env), message, JSON.stringify(flags));
});

test('the advertised API URL: the pod IP with the bound port and scheme, else the bound URL', () => {
  const cases: Array<[string | undefined, NodeJS.ProcessEnv, string | undefined]> = [
    [undefined, { POD_IP: '10.0.0.7' }, undefined],
    ['http://127.0.0.1:41234', {}, 'http://127.0.0.1:41234'],
    ['http://0.0.0.0:7780', { POD_IP: '10.0.0.7' }, 'http://10.0.0.7:7780'],
    ['https://0.0.0.0:7780', { POD_IP: 'fd00::7' }, 'https://[fd00::7]:7780'],
  ];
  for (const [bound, env, want] of cases) assert.equal(defaultAdvertiseUrl(bound, env), want, `${bound} ${JSON.stringify(env)}`);
});
