import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IN_CLUSTER_SERVER, isInClusterServer, withOwnClusterName } from './in-cluster.js';

test('destination name "in-cluster" is the agent’s own cluster, as server https://kubernetes.default.svc; other names stay registered clusters', () => {
  const cases: [Record<string, string>, Record<string, string>][] = [
    [
      { target: 'kubernetes', name: 'in-cluster', namespace: 'a' },
      { target: 'kubernetes', server: IN_CLUSTER_SERVER, namespace: 'a' },
    ],
    [
      { target: 'kubernetes', name: 'prod' },
      { target: 'kubernetes', name: 'prod' },
    ],
    [
      { target: 'kubernetes', server: 'https://kubernetes.default.svc' },
      { target: 'kubernetes', server: 'https://kubernetes.default.svc' },
    ],
    [
      { target: 'kubernetes', context: 'kind-dev' },
      { target: 'kubernetes', context: 'kind-dev' },
    ],
  ];
  for (const [given, expected] of cases) assert.deepEqual(withOwnClusterName(given), expected);
  assert.ok(isInClusterServer(withOwnClusterName<{ name?: string; server?: string }>({ name: 'in-cluster' }).server));
});
