import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import type { Manifest } from '../../model/manifest.js';
import { builtinHealthChecks, findHealthCheck, healthOf } from '../health-of.js';
import type { HealthCode } from '../health-status.js';
import { customResourceHealthChecks } from './index.js';

const testdata = new URL('./testdata/', import.meta.url);
const load = (file: string): Manifest => parse(readFileSync(new URL(file, testdata), 'utf8')) as Manifest;

// [fixture, expected status, what the message must say, the rule as a sentence]
type Case = [string, HealthCode, RegExp, string];

const cases: Case[] = [
  ['certificate-ready.yaml', 'Healthy', /up to date/, 'A Certificate with Ready=True is Healthy'],
  [
    'certificate-issuing.yaml',
    'Progressing',
    /Issuing certificate as Secret does not exist/,
    'A Certificate being issued (Issuing=True) is Progressing even while Ready=False',
  ],
  ['certificate-renewing.yaml', 'Progressing', /Renewing certificate/, 'A Certificate being renewed is Progressing'],
  ['certificate-failed.yaml', 'Degraded', /issuer "missing" not found/, 'A Certificate with Ready=False and not issuing is Degraded'],
  ['certificate-new.yaml', 'Progressing', /Waiting for certificate/, 'A Certificate without status is Progressing'],
  ['clusterissuer-ready.yaml', 'Healthy', /ACME account was registered/, 'A ClusterIssuer with Ready=True is Healthy'],
  ['issuer-error.yaml', 'Degraded', /ca-key-pair/, 'An Issuer with Ready=False is Degraded'],
  ['issuer-new.yaml', 'Progressing', /Initializing Issuer/, 'An Issuer without status is Progressing'],
  [
    'certificaterequest-pending.yaml',
    'Progressing',
    /Waiting on certificate issuance/,
    'A CertificateRequest pending at its issuer is Progressing',
  ],
  ['certificaterequest-denied.yaml', 'Degraded', /Denied by policy/, 'A denied CertificateRequest is Degraded'],
  ['certificaterequest-issued.yaml', 'Healthy', /fetched from issuer/, 'An issued CertificateRequest is Healthy'],
  [
    'rollout-healthy-phase.yaml',
    'Healthy',
    /Rollout is Healthy/,
    'A Rollout is Healthy when its controller says so in status.phase (observedGeneration as a string)',
  ],
  [
    'rollout-degraded-phase.yaml',
    'Degraded',
    /Rollout aborted/,
    'A Rollout whose controller reports phase Degraded is Degraded with its message',
  ],
  ['rollout-paused-phase.yaml', 'Suspended', /CanaryPauseStep/, 'A Rollout paused at a canary step is Suspended'],
  [
    'rollout-not-observed.yaml',
    'Progressing',
    /spec update to be observed/,
    'A Rollout whose spec change is not observed yet is Progressing',
  ],
  ['rollout-new.yaml', 'Progressing', /spec update to be observed/, 'A Rollout without status is Progressing'],
  [
    'rollout-canary-steps.yaml',
    'Progressing',
    /Waiting for rollout to finish steps/,
    'A canary Rollout (no phase) whose stable ReplicaSet is not the current one is Progressing',
  ],
  [
    'rollout-canary-done.yaml',
    'Healthy',
    /3 of 3 replicas available at 7d4f/,
    'A canary Rollout (no phase) with every step done is Healthy',
  ],
  [
    'rollout-bluegreen-cutover.yaml',
    'Progressing',
    /active service cutover pending/,
    'A blue-green Rollout (no phase) before its active service switches is Progressing',
  ],
  ['rollout-invalid-spec.yaml', 'Degraded', /setWeight: Invalid value/, 'A Rollout (no phase) with an InvalidSpec condition is Degraded'],
  ['rollout-user-paused.yaml', 'Suspended', /Rollout is paused/, 'A Rollout (no phase) paused by spec.paused is Suspended'],
  ['analysisrun-running.yaml', 'Progressing', /Analysis run is running/, 'A running AnalysisRun is Progressing'],
  ['analysisrun-successful.yaml', 'Healthy', /completed successfully/, 'A successful AnalysisRun is Healthy'],
  ['analysisrun-failed.yaml', 'Degraded', /failureLimit/, 'A failed AnalysisRun is Degraded with its message'],
  ['analysisrun-inconclusive.yaml', 'Unknown', /inconclusive/, 'An inconclusive AnalysisRun is Unknown'],
  ['analysisrun-new.yaml', 'Progressing', /not been reconciled/, 'An AnalysisRun without status is Progressing'],
  ['workflow-running.yaml', 'Progressing', /Workflow running/, 'A running Workflow is Progressing'],
  ['workflow-succeeded.yaml', 'Healthy', /Workflow succeeded/, 'A succeeded Workflow is Healthy'],
  ['workflow-failed.yaml', 'Degraded', /child "main-123" failed/, 'A failed Workflow is Degraded with its message'],
  ['workflow-error.yaml', 'Degraded', /pod deleted/, 'A Workflow in error is Degraded'],
  ['workflow-new.yaml', 'Progressing', /Waiting for the workflow controller/, 'A Workflow without status is Progressing'],
  ['cronworkflow-scheduled.yaml', 'Healthy', /scheduled/, 'A CronWorkflow between runs is Healthy'],
  ['cronworkflow-spec-error.yaml', 'Degraded', /malformed/, 'A CronWorkflow with a SpecError condition is Degraded'],
  ['cronworkflow-suspended.yaml', 'Suspended', /suspended/, 'A suspended CronWorkflow is Suspended'],
  ['gitrepository-ready.yaml', 'Healthy', /stored artifact/, 'A Flux GitRepository with Ready=True is Healthy'],
  ['helmrelease-failed.yaml', 'Degraded', /RetriesExceeded/, 'A Flux HelmRelease that has stalled is Degraded'],
  [
    'ocirepository-reconciling.yaml',
    'Progressing',
    /generation 2 to be observed/,
    'A Flux OCIRepository whose new spec is not observed yet is Progressing',
  ],
  [
    'helmrepository-oci.yaml',
    'Healthy',
    /type 'oci' have no status/,
    "A Flux HelmRepository of type 'oci', which has no status, is Healthy",
  ],
  [
    'helmrepository-new.yaml',
    'Progressing',
    /Waiting for the HelmRepository controller/,
    'A Flux HelmRepository of the default type without status is Progressing',
  ],
  ['bucket-suspended.yaml', 'Suspended', /Bucket is suspended/, 'A suspended Flux Bucket is Suspended'],
  ['helmchart-fetch-failed.yaml', 'Degraded', /ChartPullFailed/, 'A Flux HelmChart that cannot pull its chart is Degraded'],
  ['managed-bucket-ready.yaml', 'Healthy', /Ready: Available/, 'A Crossplane managed resource that is Synced and Ready is Healthy'],
  [
    'managed-bucket-sync-error.yaml',
    'Degraded',
    /Synced: ReconcileError: observe failed/,
    'A Crossplane managed resource that cannot sync is Degraded',
  ],
  ['managed-bucket-creating.yaml', 'Progressing', /Ready: Creating/, 'A Crossplane managed resource being created is Progressing'],
  ['managed-bucket-paused.yaml', 'Suspended', /paused/, 'A paused Crossplane managed resource is Suspended'],
  ['crossplane-provider-healthy.yaml', 'Healthy', /HealthyPackageRevision/, 'An installed, healthy Crossplane Provider is Healthy'],
  [
    'crossplane-provider-unhealthy.yaml',
    'Degraded',
    /UnhealthyPackageRevision/,
    'A Crossplane Provider whose revision is unhealthy is Degraded',
  ],
  ['crossplane-composition.yaml', 'Healthy', /No status to assess/, 'A Crossplane Composition, which has no status, is Healthy'],
  ['claim-ready.yaml', 'Healthy', /Ready: Available/, 'A Crossplane claim in its own group that is Ready is Healthy (generic check)'],
  [
    'claim-sync-error.yaml',
    'Degraded',
    /Synced: ReconcileError/,
    'A Crossplane claim in its own group that cannot sync is Degraded (generic check)',
  ],
  [
    'claim-new.yaml',
    'Progressing',
    /Waiting for the Database controller/,
    'A Crossplane claim without status is Progressing (generic check)',
  ],
  ['capi-cluster-provisioned.yaml', 'Healthy', /provisioned/, 'A provisioned Cluster API Cluster is Healthy'],
  [
    'capi-cluster-provisioning.yaml',
    'Progressing',
    /Cluster is Provisioning/,
    'A Cluster API Cluster still provisioning (Ready=False, severity Info) is Progressing',
  ],
  ['capi-cluster-error.yaml', 'Degraded', /unreachable/, 'A Cluster API Cluster with Ready=False of severity Error is Degraded'],
  ['capi-cluster-paused.yaml', 'Suspended', /paused/, 'A paused Cluster API Cluster is Suspended'],
  ['capi-machine-running.yaml', 'Healthy', /running/, 'A running Machine is Healthy'],
  [
    'capi-machine-provisioning.yaml',
    'Progressing',
    /1 of 2 completed/,
    'A Machine being provisioned is Progressing with the Ready message',
  ],
  ['capi-machine-failed.yaml', 'Degraded', /terminated/, 'A failed Machine is Degraded'],
  ['capi-machinedeployment-running.yaml', 'Healthy', /running/, 'A running MachineDeployment is Healthy'],
  ['capi-machinedeployment-scaling.yaml', 'Progressing', /Creating machines/, 'A MachineDeployment scaling up is Progressing'],
  [
    'gateway-programmed.yaml',
    'Healthy',
    /accepted and programmed/,
    'A Gateway accepted and programmed, with healthy listeners, is Healthy',
  ],
  ['gateway-pending.yaml', 'Progressing', /Waiting for controller/, 'A Gateway no controller has picked up yet is Progressing'],
  [
    'gateway-listener-bad-cert.yaml',
    'Degraded',
    /Listener https: Secret shop\/web-tls does not exist/,
    'A Gateway whose listener cannot resolve its certificate is Degraded and names the listener',
  ],
  ['gateway-stale.yaml', 'Progressing', /latest Gateway spec/, 'A Gateway whose conditions are for an older generation is Progressing'],
  ['gatewayclass-accepted.yaml', 'Healthy', /Valid GatewayClass/, 'An accepted GatewayClass is Healthy'],
  [
    'httproute-accepted.yaml',
    'Healthy',
    /accepted by 1 parent/,
    'An HTTPRoute accepted by its Gateway with resolved references is Healthy',
  ],
  [
    'httproute-backend-missing.yaml',
    'Degraded',
    /Parent web: Service shop\/nope not found/,
    'An HTTPRoute whose backend does not exist is Degraded and names the parent',
  ],
  ['httproute-not-allowed.yaml', 'Degraded', /No listener allows routes/, 'An HTTPRoute its Gateway does not accept is Degraded'],
  ['httproute-new.yaml', 'Progressing', /Waiting for HTTPRoute status/, 'An HTTPRoute without status is Progressing'],
  ['grpcroute-old-parent.yaml', 'Healthy', /accepted by 1 parent/, 'A route parent entry written for an older generation is not judged'],
  ['externalsecret-synced.yaml', 'Healthy', /secret synced/, 'A synced ExternalSecret is Healthy'],
  ['externalsecret-error.yaml', 'Degraded', /could not get secret data/, 'An ExternalSecret that cannot sync is Degraded'],
  ['externalsecret-new.yaml', 'Progressing', /Waiting for the ExternalSecret/, 'An ExternalSecret without status is Progressing'],
  ['secretstore-invalid.yaml', 'Degraded', /permission denied/, 'A SecretStore with an invalid provider configuration is Degraded'],
  ['clustersecretstore-valid.yaml', 'Healthy', /store validated/, 'A validated ClusterSecretStore is Healthy'],
  [
    'clusterexternalsecret-partial.yaml',
    'Degraded',
    /shop-dev/,
    'A ClusterExternalSecret that failed in some namespaces is Degraded and names them',
  ],
  ['sealedsecret-synced.yaml', 'Healthy', /Synced/, 'A decrypted SealedSecret is Healthy'],
  ['sealedsecret-no-key.yaml', 'Degraded', /no key could decrypt/, 'A SealedSecret that cannot be decrypted is Degraded'],
  ['sealedsecret-new.yaml', 'Progressing', /decrypted/, 'A SealedSecret without status is Progressing'],
  ['scaledobject-ready.yaml', 'Healthy', /ready for scaling/, 'A ready ScaledObject is Healthy'],
  ['scaledobject-fallback.yaml', 'Degraded', /falling back/, 'A ScaledObject using its fallback replicas is Degraded'],
  ['scaledobject-paused.yaml', 'Suspended', /ScaledObject is paused/, 'A paused ScaledObject is Suspended'],
  ['scaledjob-bad-trigger.yaml', 'Degraded', /correctly created/, 'A ScaledJob that KEDA cannot set up is Degraded'],
  [
    'virtualservice-plain.yaml',
    'Healthy',
    /No status to assess/,
    'An Istio VirtualService without status (status reporting off) is Healthy',
  ],
  [
    'virtualservice-invalid.yaml',
    'Degraded',
    /IST0101: Referenced gateway not found/,
    'An Istio rule with an ERROR validation message is Degraded and names the code',
  ],
  ['destinationrule-warning.yaml', 'Healthy', /Warnings: IST0128/, 'An Istio rule with only warnings is Healthy and shows them'],
  ['authorizationpolicy-distributing.yaml', 'Progressing', /1\/3 proxies/, 'An Istio rule not yet pushed to every proxy is Progressing'],
  ['istiooperator-healthy.yaml', 'Healthy', /installed/, 'A HEALTHY IstioOperator is Healthy'],
  ['istiooperator-error.yaml', 'Degraded', /Pilot/, 'An IstioOperator in ERROR is Degraded'],
  ['kafka-ready.yaml', 'Healthy', /Kafka is ready/, 'A ready Kafka cluster is Healthy'],
  [
    'kafka-ready-warning.yaml',
    'Healthy',
    /with warnings: The storage configuration/,
    'A ready Kafka cluster with warnings is Healthy and shows them',
  ],
  ['kafka-creating.yaml', 'Progressing', /being deployed/, 'A Kafka cluster being created is Progressing'],
  ['kafka-failed.yaml', 'Degraded', /Exceeded timeout/, 'A Kafka cluster NotReady for a failure is Degraded'],
  ['kafkatopic-ready.yaml', 'Healthy', /KafkaTopic is ready/, 'A ready KafkaTopic is Healthy'],
  ['kafkauser-stale.yaml', 'Progressing', /generation 2 to be observed/, 'A KafkaUser whose new spec is not reconciled yet is Progressing'],
  ['kafka-paused.yaml', 'Suspended', /paused/, 'A Kafka cluster with reconciliation paused is Suspended'],
  ['prometheus-available.yaml', 'Healthy', /All instances are available/, 'A Prometheus with all instances available is Healthy'],
  ['prometheus-some-pods.yaml', 'Progressing', /incomplete status/, 'A Prometheus with some pods not ready is Progressing'],
  [
    'alertmanager-not-reconciled.yaml',
    'Degraded',
    /unknown receiver/,
    'An Alertmanager whose configuration fails to reconcile is Degraded',
  ],
  ['prometheus-paused.yaml', 'Suspended', /paused/, 'A paused Prometheus is Suspended'],
  ['prometheusrule.yaml', 'Healthy', /No status to assess/, 'A PrometheusRule, which has no status, is Healthy'],
  ['knative-service-ready.yaml', 'Healthy', /Service is ready/, 'A Knative Service with every condition True is Healthy'],
  ['knative-service-revision-failed.yaml', 'Degraded', /Unable to fetch image/, 'A Knative Service whose revision failed is Degraded'],
  ['knative-service-deploying.yaml', 'Progressing', /waiting for a Revision/, 'A Knative Service still deploying is Progressing'],
];

describe('health of well-known custom resources over fixtures', () => {
  for (const [file, status, message, name] of cases) {
    test(name, () => {
      const health = healthOf(load(file));
      assert.equal(health.status, status, `${file}: ${health.message}`);
      assert.match(health.message ?? '', message, file);
    });
  }

  test('Every fixture in testdata has a case', () => {
    const covered = new Set(cases.map(([file]) => file));
    assert.deepEqual(
      readdirSync(testdata).filter((f) => f.endsWith('.yaml') && !covered.has(f)),
      [],
    );
  });

  test('Every custom resource check is in the built-in table', () => {
    for (const { group, kind, check } of customResourceHealthChecks) {
      assert.equal(builtinHealthChecks.get(`${group}/${kind}`), check, `${group}/${kind}`);
    }
  });

  test('A wildcard entry serves every kind of every group under its suffix', () => {
    const crossplane = findHealthCheck(builtinHealthChecks, 'ec2.aws.upbound.io', 'Instance');
    assert.ok(crossplane);
    assert.equal(findHealthCheck(builtinHealthChecks, 'upbound.io.example.com', 'Instance'), undefined);
  });

  test('No custom resource check throws on a mistyped status or spec', () => {
    for (const { group, kind, check } of customResourceHealthChecks) {
      for (const value of [
        'weird',
        42,
        [],
        null,
        { conditions: 'x', parents: [null, 3], listeners: 'y', phase: 7, validationMessages: [1] },
      ]) {
        const object = {
          apiVersion: `${group.replace('*.', 'x.')}/v1`,
          kind,
          metadata: { name: 'x', generation: 'two' },
          spec: value,
          status: value,
        } as Manifest;
        assert.doesNotThrow(() => check(object), `${group}/${kind}`);
      }
    }
  });
});
