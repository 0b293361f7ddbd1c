import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import type { Manifest } from '../model/manifest.js';
import type { HealthCode } from './health-status.js';
import { builtinHealthChecks, healthOf, registerHealth, withHealthChecks } from './health-of.js';
import { statuslessHealth } from './health-statusless.js';

const testdata = new URL('./testdata/', import.meta.url);
const load = (file: string): Manifest => parse(readFileSync(new URL(file, testdata), 'utf8')) as Manifest;

// [fixture, expected status, what the message must say, the rule as a sentence]
type Case = [string, HealthCode, RegExp, string];

const cases: Case[] = [
  ['sealedsecret-synced.yaml', 'Healthy', /Synced/, 'A SealedSecret the controller unsealed is Healthy'],
  ['sealedsecret-unseal-failed.yaml', 'Degraded', /no key could decrypt secret/, 'A SealedSecret the controller cannot unseal is Degraded'],
  [
    'sealedsecret-pending.yaml',
    'Progressing',
    /Waiting for the SealedSecret to be decrypted/,
    'A SealedSecret not yet seen by the controller is Progressing',
  ],
  ['externalsecret-synced.yaml', 'Healthy', /Secret was synced/, 'An ExternalSecret whose secret was synced is Healthy'],
  ['externalsecret-sync-error.yaml', 'Degraded', /could not get secret data/, 'An ExternalSecret that cannot get its data is Degraded'],
  ['deployment-healthy.yaml', 'Healthy', /3 of 3 replicas available/, 'A deployment with every replica updated and available is Healthy'],
  ['deployment-progressing.yaml', 'Progressing', /1 of 3 replicas updated/, 'A deployment still creating new replicas is Progressing'],
  [
    'deployment-old-replicas.yaml',
    'Progressing',
    /1 old replicas pending termination/,
    'A deployment with old replicas still running is Progressing',
  ],
  [
    'deployment-unavailable.yaml',
    'Progressing',
    /1 of 3 updated replicas available/,
    'A deployment whose updated replicas are not yet available is Progressing',
  ],
  [
    'deployment-not-observed.yaml',
    'Progressing',
    /spec update to be observed/,
    'A deployment whose controller has not seen the latest generation is Progressing',
  ],
  ['deployment-from-git.yaml', 'Progressing', /observed/, 'A deployment without any status yet is Progressing'],
  [
    'deployment-degraded.yaml',
    'Degraded',
    /ProgressDeadlineExceeded: ReplicaSet "web-8abc" has timed out/,
    'A deployment past its progress deadline is Degraded',
  ],
  ['deployment-paused.yaml', 'Suspended', /paused/, 'A paused deployment is Suspended'],
  ['deployment-scaled-to-zero.yaml', 'Healthy', /0 of 0/, 'A deployment scaled to zero is Healthy'],

  [
    'statefulset-healthy.yaml',
    'Healthy',
    /3 pods ready at revision db-5c8f/,
    'A statefulset with all pods ready at one revision is Healthy',
  ],
  [
    'statefulset-rolling.yaml',
    'Progressing',
    /1 of 3 pods at revision db-6d9a/,
    'A statefulset whose update revision differs from its current revision is Progressing',
  ],
  ['statefulset-not-ready.yaml', 'Progressing', /1 of 3 pods ready/, 'A statefulset with pods not ready is Progressing'],
  [
    'statefulset-not-observed.yaml',
    'Progressing',
    /observed/,
    'A statefulset whose controller has not seen the latest generation is Progressing',
  ],
  [
    'statefulset-partition-progressing.yaml',
    'Progressing',
    /Partitioned rollout: 0 of 2 pods updated/,
    'A partitioned statefulset with pods above the partition not yet updated is Progressing',
  ],
  [
    'statefulset-partition-done.yaml',
    'Healthy',
    /2 pods updated, 1 held back/,
    'A partitioned statefulset with every pod above the partition updated is Healthy',
  ],
  [
    'statefulset-ondelete.yaml',
    'Healthy',
    /OnDelete strategy: pods move to revision db-6d9a when deleted/,
    'An OnDelete statefulset with ready pods is Healthy even before pods are replaced',
  ],

  ['daemonset-healthy.yaml', 'Healthy', /4 of 4 pods available/, 'A daemonset with every scheduled pod updated and available is Healthy'],
  ['daemonset-rolling.yaml', 'Progressing', /2 of 4 pods updated/, 'A daemonset still updating pods is Progressing'],
  ['daemonset-unavailable.yaml', 'Progressing', /2 of 4 pods available/, 'A daemonset with unavailable pods is Progressing'],
  [
    'daemonset-not-observed.yaml',
    'Progressing',
    /observed/,
    'A daemonset whose controller has not seen the latest generation is Progressing',
  ],
  ['daemonset-ondelete.yaml', 'Healthy', /3 pods update when deleted/, 'An OnDelete daemonset with available but outdated pods is Healthy'],
  [
    'daemonset-ondelete-unavailable.yaml',
    'Progressing',
    /3 of 4 pods available/,
    'An OnDelete daemonset with unavailable pods is Progressing',
  ],

  ['replicaset-healthy.yaml', 'Healthy', /3 of 3 replicas available/, 'A replicaset with every replica available is Healthy'],
  [
    'replicaset-progressing.yaml',
    'Progressing',
    /1 of 3 replicas available/,
    'A replicaset with replicas not yet available is Progressing',
  ],
  ['replicaset-degraded.yaml', 'Degraded', /FailedCreate: .*exceeded quota/, 'A replicaset with a ReplicaFailure condition is Degraded'],

  ['pod-running-ready.yaml', 'Healthy', /running and ready/, 'A running pod that is ready is Healthy'],
  ['pod-running-not-ready.yaml', 'Progressing', /not ready/, 'A running pod that is not ready yet is Progressing'],
  [
    'pod-crashloop.yaml',
    'Degraded',
    /container web is waiting: CrashLoopBackOff \(back-off 5m0s/,
    'A pod with a container in CrashLoopBackOff is Degraded',
  ],
  [
    'pod-image-pull-backoff.yaml',
    'Degraded',
    /ImagePullBackOff \(Back-off pulling image "nginx:does-not-exist"\)/,
    'A pod that cannot pull its image is Degraded (restartPolicy defaults to Always)',
  ],
  [
    'pod-err-image-pull.yaml',
    'Degraded',
    /container migrate is waiting: ErrImagePull/,
    'A pod whose init container cannot pull its image is Degraded',
  ],
  ['pod-pending.yaml', 'Progressing', /Pending: ContainerCreating/, 'A pending pod creating its containers is Progressing'],
  ['pod-restarted-not-ready.yaml', 'Degraded', /restarted after OOMKilled/, 'A running pod that restarted and is not ready is Degraded'],
  ['pod-succeeded.yaml', 'Healthy', /completed/, 'A pod that succeeded is Healthy'],
  ['pod-failed.yaml', 'Degraded', /container migrate exited with code 2/, 'A failed pod is Degraded and names the failing container'],
  ['pod-failed-evicted.yaml', 'Degraded', /low on resource: memory/, 'An evicted pod is Degraded with the eviction message'],
  ['pod-hook-running.yaml', 'Progressing', /running to completion/, 'A running pod that runs to completion is Progressing'],
  [
    'pod-hook-image-pull-backoff.yaml',
    'Progressing',
    /Pending/,
    'A run-to-completion pod with a pull back-off is not failed early and stays Progressing',
  ],
  ['pod-unknown.yaml', 'Unknown', /Node is unreachable/, 'A pod in phase Unknown is Unknown'],

  ['job-complete.yaml', 'Healthy', /Reached expected number of succeeded pods/, 'A complete job is Healthy'],
  ['job-running.yaml', 'Progressing', /1 active, 1 of 3 completions/, 'A running job is Progressing'],
  ['job-failed.yaml', 'Degraded', /BackoffLimitExceeded/, 'A failed job is Degraded'],
  ['job-suspended.yaml', 'Suspended', /suspended/, 'A suspended job is Suspended'],

  ['cronjob-healthy.yaml', 'Healthy', /Last scheduled at 2024-05-02T02:00:00Z/, 'A cronjob whose last run succeeded is Healthy'],
  ['cronjob-running.yaml', 'Healthy', /1 job\(s\) running/, 'A cronjob with a job running is Healthy'],
  ['cronjob-never-scheduled.yaml', 'Healthy', /Not scheduled yet/, 'A cronjob that has never run is Healthy'],
  ['cronjob-last-run-failed.yaml', 'Degraded', /did not succeed/, 'A cronjob whose last scheduled run ended without success is Degraded'],
  ['cronjob-failed-condition.yaml', 'Degraded', /BackoffLimitExceeded/, 'A cronjob with a Failed condition is Degraded'],
  ['cronjob-suspended.yaml', 'Suspended', /suspended/, 'A suspended cronjob is Suspended'],

  ['pvc-bound.yaml', 'Healthy', /bound/, 'A bound claim is Healthy'],
  ['pvc-pending.yaml', 'Progressing', /Waiting/, 'A pending claim is Progressing'],
  ['pvc-lost.yaml', 'Degraded', /lost/, 'A lost claim is Degraded'],

  ['service-clusterip.yaml', 'Healthy', /ClusterIP/, 'A ClusterIP service is Healthy'],
  ['service-loadbalancer-healthy.yaml', 'Healthy', /203\.0\.113\.10/, 'A LoadBalancer service with an address is Healthy'],
  [
    'service-loadbalancer-pending.yaml',
    'Progressing',
    /Waiting for the load balancer/,
    'A LoadBalancer service without an address is Progressing',
  ],

  ['ingress-healthy.yaml', 'Healthy', /lb-1234\.elb\.example\.com/, 'An ingress with a published address is Healthy'],
  ['ingress-progressing.yaml', 'Progressing', /publish an address/, 'An ingress without an address is Progressing'],

  ['crd-established.yaml', 'Healthy', /Established/, 'An established CRD is Healthy'],
  ['crd-not-established.yaml', 'Progressing', /Not established yet: Installing/, 'A CRD not yet established is Progressing'],
  ['crd-no-conditions.yaml', 'Progressing', /Not established yet/, 'A CRD without conditions is Progressing'],
  ['crd-names-not-accepted.yaml', 'Degraded', /PluralConflict/, 'A CRD whose names were not accepted is Degraded'],
  ['crd-non-structural.yaml', 'Degraded', /Non-structural schema/, 'A CRD with a non-structural schema is Degraded'],
  ['crd-terminating.yaml', 'Progressing', /Being deleted/, 'A terminating CRD is Progressing'],

  ['namespace-active.yaml', 'Healthy', /active/, 'An active namespace is Healthy'],
  [
    'namespace-terminating.yaml',
    'Progressing',
    /terminating; SomeFinalizersRemain/,
    'A terminating namespace is Progressing and says what blocks it',
  ],

  ['apiservice-available.yaml', 'Healthy', /all checks passed/, 'An available APIService is Healthy'],
  ['apiservice-unavailable.yaml', 'Degraded', /FailedDiscoveryCheck/, 'An APIService reporting Available=False for a failure is Degraded'],
  [
    'apiservice-no-endpoints.yaml',
    'Progressing',
    /Waiting for endpoints: MissingEndpoints/,
    'An APIService whose backing pods are not ready yet (MissingEndpoints) is Progressing, as Argo CD reports it',
  ],
  ['apiservice-pending.yaml', 'Progressing', /Waiting/, 'An APIService without an availability verdict is Progressing'],

  ['configmap.yaml', 'Healthy', /No status/, 'A ConfigMap has no status semantics and is Healthy'],
  ['secret.yaml', 'Healthy', /No status/, 'A Secret has no status semantics and is Healthy'],
  ['clusterrole.yaml', 'Healthy', /No status/, 'A ClusterRole has no status semantics and is Healthy'],
  ['flux-kustomization-ready.yaml', 'Healthy', /Ready: ReconciliationSucceeded/, 'A custom resource with Ready=True is Healthy'],
  [
    'flux-kustomization-reconciling.yaml',
    'Progressing',
    /Reconciliation in progress/,
    'A custom resource with Ready=Unknown is Progressing',
  ],
  [
    'flux-kustomization-failed.yaml',
    'Degraded',
    /BuildFailed: kustomize build failed/,
    'A custom resource with Ready=False and a failure reason is Degraded even while retrying',
  ],
  [
    'flux-kustomization-retrying.yaml',
    'Progressing',
    /ProgressingWithRetry/,
    'A custom resource with Ready=False and a progress reason is Progressing',
  ],
  ['flux-kustomization-suspended.yaml', 'Suspended', /Kustomization is suspended/, 'A custom resource with spec.suspend is Suspended'],
  ['flux-kustomization-stalled.yaml', 'Degraded', /Stalled: InvalidPathError/, 'A custom resource with Stalled=True is Degraded'],
  [
    'flux-kustomization-not-observed.yaml',
    'Progressing',
    /generation 4 to be observed/,
    'A custom resource whose observedGeneration is behind its generation is Progressing',
  ],
  [
    'widget-stale-condition.yaml',
    'Progressing',
    /not yet updated for the latest spec/,
    'A failure condition observed for an older generation is Progressing',
  ],
  ['widget-available.yaml', 'Healthy', /Available: AsExpected/, 'A custom resource with Available=True is Healthy'],
  ['widget-reconciling.yaml', 'Progressing', /Reconciling: Provisioning/, 'A custom resource with only Reconciling=True is Progressing'],
  [
    'widget-status-no-verdict.yaml',
    'Healthy',
    /No condition reports a problem/,
    'A custom resource with a status but no conditions or phase is Healthy',
  ],
  ['widget-no-conditions.yaml', 'Progressing', /Phase: Running/, 'A custom resource in phase Running is Progressing'],
  ['widget-phase-pending.yaml', 'Progressing', /Phase: Pending/, 'A custom resource in phase Pending is Progressing'],
  ['widget-phase-failed.yaml', 'Degraded', /step "paint" failed/, 'A custom resource in phase Failed is Degraded with its status message'],
  ['widget-phase-error.yaml', 'Degraded', /pod deleted during operation/, 'A custom resource in phase Error is Degraded'],
  ['widget-phase-succeeded.yaml', 'Healthy', /Phase: Succeeded/, 'A custom resource in phase Succeeded is Healthy'],
  ['widget-phase-other.yaml', 'Healthy', /No condition reports a problem/, 'A phase word with no known meaning gives no verdict'],
  [
    'widget-no-status.yaml',
    'Progressing',
    /Waiting for the Widget controller to write status/,
    'A custom resource whose controller has not written status yet is Progressing',
  ],
  [
    'servicemonitor.yaml',
    'Healthy',
    /No status to assess/,
    'A custom kind documented as plain data (ServiceMonitor) is Healthy without status',
  ],
  [
    'crossplane-providerconfig.yaml',
    'Healthy',
    /No status to assess/,
    "A Crossplane provider's ProviderConfig, in any provider group, is Healthy without status",
  ],

  ['hpa-v2-healthy.yaml', 'Healthy', /recommended size matches current size/, 'An autoscaler able to scale is Healthy'],
  ['hpa-v2-at-max.yaml', 'Healthy', /more than the maximum/, 'An autoscaler limited by its maximum is Healthy'],
  [
    'hpa-v2-failed-get-scale.yaml',
    'Degraded',
    /unable to get the target's current scale/,
    'An autoscaler that cannot read its target (AbleToScale FailedGetScale) is Degraded',
  ],
  [
    'hpa-v2-metrics-unavailable.yaml',
    'Degraded',
    /failed to get cpu utilization/,
    'An autoscaler whose first condition says it cannot read metrics (ScalingActive FailedGetResourceMetric) is Degraded',
  ],
  ['hpa-v2-new.yaml', 'Progressing', /Waiting to Autoscale/, 'An autoscaler without conditions yet is Progressing'],
  [
    'hpa-v1-healthy.yaml',
    'Healthy',
    /update the target scale to 3/,
    'An autoscaling/v1 autoscaler is judged by the conditions in its annotation',
  ],
  [
    'hpa-v1-no-annotation.yaml',
    'Progressing',
    /Waiting to Autoscale/,
    'An autoscaling/v1 autoscaler without the conditions annotation is Progressing',
  ],
  [
    'hpa-v1-bad-annotation.yaml',
    'Unknown',
    /autoscaling\.alpha\.kubernetes\.io\/conditions"\] is not valid JSON/,
    'An autoscaling/v1 autoscaler whose conditions annotation is not JSON is Unknown and names the annotation',
  ],

  [
    'deployment-being-deleted.yaml',
    'Progressing',
    /^Pending deletion: 3 of 3 replicas available/,
    'An object the API server is deleting is Progressing, pending deletion',
  ],
  ['no-metadata.yaml', 'Healthy', /Ready: Done/, 'An object without metadata is judged without throwing'],
  ['no-metadata-no-status.yaml', 'Healthy', /No status to assess/, 'A ConfigMap without metadata or status is Healthy'],
];

describe('healthOf over fixtures', () => {
  for (const [file, status, message, name] of cases) {
    test(name, () => {
      const health = healthOf(load(file));
      assert.equal(health.status, status, `${file}: ${health.message}`);
      assert.match(health.message ?? '', message, file);
    });
  }

  test('Every fixture in testdata has a case', () => {
    const covered = new Set(cases.map(([file]) => file));
    const uncovered = readdirSync(testdata).filter((f) => f.endsWith('.yaml') && !covered.has(f));
    assert.deepEqual(uncovered, []);
  });

  test('No health message repeats a Secret value', () => {
    const secret = load('secret.yaml');
    assert.doesNotMatch(healthOf(secret).message ?? '', /hunter2/);
  });
});

describe('healthOf with an extended table', () => {
  test('A kind registered as statusless is Healthy without status, and read as usual once it has one', () => {
    const table = registerHealth(builtinHealthChecks, 'example.com', 'Widget', statuslessHealth);
    assert.deepEqual(healthOf(load('widget-no-status.yaml'), table), { status: 'Healthy', message: 'No status to assess' });
    assert.equal(healthOf(load('widget-phase-failed.yaml'), table).status, 'Degraded');
  });

  test('Anything that is not an object is Unknown', () => {
    for (const value of [null, undefined, 'x', 3, []]) {
      assert.deepEqual(healthOf(value as unknown as Manifest), { status: 'Unknown', message: 'Not an object' });
    }
  });

  const widget = load('widget-available.yaml');

  test('A check registered for a group and kind replaces the generic check for that kind', () => {
    const table = registerHealth(builtinHealthChecks, 'example.com', 'Widget', () => ({ status: 'Degraded', message: 'paint dry' }));
    assert.deepEqual(healthOf(widget, table), { status: 'Degraded', message: 'paint dry' });
  });

  test('Extending a table leaves the table it extends unchanged', () => {
    withHealthChecks(builtinHealthChecks, [{ group: 'example.com', kind: 'Widget', check: () => ({ status: 'Degraded' }) }]);
    assert.equal(healthOf(widget).status, 'Healthy');
    assert.equal(builtinHealthChecks.has('example.com/Widget'), false);
  });

  test('The API group is part of the key, so a Deployment kind from another group gets the generic check', () => {
    const foreign = { ...load('deployment-progressing.yaml'), apiVersion: 'example.com/v1' };
    const health = healthOf(foreign);
    assert.equal(health.status, 'Healthy');
    assert.match(health.message ?? '', /No condition reports a problem/);
  });

  test('A check that throws is reported as Unknown and names the kind', () => {
    const table = registerHealth(builtinHealthChecks, 'example.com', 'Widget', () => {
      throw new Error('boom');
    });
    assert.deepEqual(healthOf(widget, table), { status: 'Unknown', message: 'Health check for Widget failed: boom' });
  });
});

describe('healthOf on malformed objects', () => {
  const garbage: unknown[] = [
    'weird',
    42,
    [],
    { conditions: 'nope', phase: 7, loadBalancer: { ingress: 'x' }, containerStatuses: [null, 3] },
  ];
  for (const [apiVersion, kind] of [...builtinHealthChecks.keys()].map((k) => k.split('/')).concat([['example.com', 'Widget']])) {
    test(`A ${apiVersion || 'core'} ${kind} with a mistyped status or spec is judged without the check throwing`, () => {
      for (const value of garbage) {
        const object = {
          apiVersion: apiVersion ? `${apiVersion}/v1` : 'v1',
          kind,
          metadata: { name: 'x', generation: 'two' },
          spec: value,
          status: value,
        } as Manifest;
        const check = builtinHealthChecks.get(`${apiVersion}/${kind}`);
        if (check) assert.doesNotThrow(() => check(object));
        assert.ok(['Healthy', 'Suspended', 'Progressing', 'Unknown', 'Missing', 'Degraded'].includes(healthOf(object).status));
      }
    });
  }
});
