/**
 * Health as the engine reports it (readHealth, sync --wait), against the real API server and the real
 * controllers of the test control plane. There is no kubelet, so where a kind's status comes from a
 * controller (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, PersistentVolumeClaim, CRD,
 * Namespace, APIService) the test drives the controller the way a node would: it writes the status of
 * the Pods the controller created (Running and Ready, Succeeded, Failed) and waits for the controller's
 * own verdict; a status written over a controller's would be overwritten again, so it is never used for
 * those kinds. Kinds nobody writes a status for here (Pod, Service, Ingress, custom resources) get
 * theirs through the status subresource and are read right after.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HealthCode } from '../core/health/health-status.js';
import { refString, type ObjectRef } from '../core/model/object-ref.js';
import { createTestRepo, type TestRepo } from '../../test/support/git-repo.js';
import { createEngineFixture, deleteNamespace, testApp, uniqueName } from '../../test/support/engine-fixture.js';
import { deleteObject, listObjects, setStatus, waitFor, type LiveRef } from '../../test/support/kube.js';
import { syncApplication } from './sync/sync-app.js';
import { readHealth } from './sync/read-health.js';

const testdata = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata', 'health');
/** 1.20 serves CronJob as batch/v1beta1 only and still takes v1beta1 CRDs; 1.34 neither (scripts/test.mjs says which runs). */
const kube120 = process.env.TIDEWAY_TEST_KUBE_VERSION === '1.20';
const cronApi = kube120 ? 'batch/v1beta1' : 'batch/v1';
const fill = (text: string, values: Record<string, string>) => text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k]);

/** How a row brings its object to the state it checks. */
type Drive = (ns: string) => Promise<unknown>;

interface Row {
  name: string;
  /** `Kind/name` of an object in testdata/health. */
  object: string;
  drive?: Drive;
  /** A controller decides the status: poll until it reports the expected health (else read once, right after `drive`). */
  controller?: boolean;
  status: HealthCode;
  message: RegExp;
}

const podsOf = async (ns: string, selector: string, count = 1) =>
  waitFor(
    `${count} pod(s) ${selector} in ${ns}`,
    async () => {
      const pods = await listObjects('v1', 'Pod', { namespace: ns, labelSelector: selector });
      return pods.length >= count ? pods : undefined;
    },
    { timeoutMs: 15_000 },
  );

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const running = (ready: boolean) => ({
  phase: 'Running',
  conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now() }],
  containerStatuses: [{ name: 'main', ready, restartCount: 0, image: 'nginx:1.25', imageID: '', state: { running: { startedAt: now() } } }],
});
/** What a kubelet would write: the controller's pods are running and ready. */
const podsReady =
  (selector: string): Drive =>
  async (ns) => {
    for (const pod of await podsOf(ns, selector)) await setStatus(pod, running(true));
  };
const podsEnded =
  (selector: string, phase: 'Succeeded' | 'Failed'): Drive =>
  async (ns) => {
    const exitCode = phase === 'Succeeded' ? 0 : 3;
    for (const pod of await podsOf(ns, selector)) {
      await setStatus(pod, {
        phase,
        containerStatuses: [
          {
            name: 'main',
            ready: false,
            restartCount: 0,
            image: 'busybox:1.36',
            imageID: '',
            state: { terminated: { exitCode, reason: phase === 'Failed' ? 'Error' : 'Completed', startedAt: now(), finishedAt: now() } },
          },
        ],
      });
    }
  };
const status =
  (apiVersion: string, kind: string, name: string, value: Record<string, unknown> | ((ns: string) => Record<string, unknown>)): Drive =>
  (ns) =>
    setStatus({ apiVersion, kind, name, namespace: ns }, typeof value === 'function' ? value(ns) : value);
const widget =
  (group: () => string, name: string, ready: 'True' | 'False', reason: string, message: string): Drive =>
  (ns) =>
    setStatus(
      { apiVersion: `${group()}/v1`, kind: 'Widget', name, namespace: ns },
      {
        observedGeneration: 1,
        conditions: [{ type: 'Ready', status: ready, reason, message, lastTransitionTime: now(), observedGeneration: 1 }],
      },
    );

describe('health of live objects, as the engine reads it', () => {
  const fx = createEngineFixture();
  const id = uniqueName('h');
  const group = `${id}.example.com`;
  const ns = uniqueName('health');
  const quotaNs = uniqueName('quota');
  const namespaces = [ns, quotaNs, `ns-ok-${id}`];
  const repos: TestRepo[] = [];
  const refs = new Map<string, ObjectRef>();

  const rows: Row[] = [
    {
      name: 'a Deployment whose pods became ready is Healthy',
      object: 'Deployment/web',
      drive: podsReady('app=web'),
      controller: true,
      status: 'Healthy',
      message: /^1 of 1 replicas available$/,
    },
    {
      name: 'a Deployment whose pods are not ready is Progressing',
      object: 'Deployment/web-pending',
      controller: true,
      status: 'Progressing',
      message: /^0 of 1 updated replicas available$/,
    },
    {
      name: 'a Deployment past its progress deadline is Degraded',
      object: 'Deployment/web-stuck',
      controller: true,
      status: 'Degraded',
      message: /ProgressDeadlineExceeded: ReplicaSet "web-stuck-\w+" has timed out progressing/,
    },
    { name: 'a paused Deployment is Suspended', object: 'Deployment/web-paused', status: 'Suspended', message: /^Deployment is paused$/ },
    {
      name: 'a StatefulSet whose pod became ready is Healthy',
      object: 'StatefulSet/db',
      drive: podsReady('app=db'),
      controller: true,
      status: 'Healthy',
      message: /^1 pods ready at revision db-\w+$/,
    },
    {
      name: 'a StatefulSet whose pod is not ready is Progressing',
      object: 'StatefulSet/db-pending',
      controller: true,
      status: 'Progressing',
      message: /^0 of 1 pods ready$/,
    },
    {
      name: 'a DaemonSet on a cluster without nodes is Healthy once observed',
      object: 'DaemonSet/node-agent',
      controller: true,
      status: 'Healthy',
      message: /^0 of 0 pods available$/,
    },
    {
      name: 'a ReplicaSet whose pod became ready is Healthy',
      object: 'ReplicaSet/rs-ready',
      drive: podsReady('app=rs-ready'),
      controller: true,
      status: 'Healthy',
      message: /^1 of 1 replicas available$/,
    },
    {
      name: 'a ReplicaSet whose pod is not ready is Progressing',
      object: 'ReplicaSet/rs-pending',
      controller: true,
      status: 'Progressing',
      message: /^0 of 1 replicas available$/,
    },
    {
      name: 'a ReplicaSet that cannot create pods (quota) is Degraded',
      object: 'ReplicaSet/rs-quota',
      controller: true,
      status: 'Degraded',
      message: /^FailedCreate: pods "rs-quota-\w+" is forbidden: .*quota/,
    },
    { name: 'a Pod nobody scheduled is Progressing', object: 'Pod/pod-pending', status: 'Progressing', message: /^Pending$/ },
    {
      name: 'a running, ready Pod is Healthy',
      object: 'Pod/pod-ready',
      drive: status('v1', 'Pod', 'pod-ready', running(true)),
      status: 'Healthy',
      message: /^Pod is running and ready$/,
    },
    {
      name: 'a Pod in CrashLoopBackOff is Degraded',
      object: 'Pod/pod-crashing',
      status: 'Degraded',
      message: /^container main is waiting: CrashLoopBackOff \(back-off 40s\)$/,
      drive: status('v1', 'Pod', 'pod-crashing', {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'main',
            ready: false,
            restartCount: 3,
            image: 'nginx:1.25',
            imageID: '',
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
            lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: now(), finishedAt: now() } },
          },
        ],
      }),
    },
    {
      name: 'a failed Pod is Degraded and names the container',
      object: 'Pod/pod-failed',
      drive: podsEndedByName('pod-failed'),
      status: 'Degraded',
      message: /^container main exited with code 3 \(Error\)$/,
    },
    {
      name: 'a Job with an active pod is Progressing',
      object: 'Job/job-running',
      controller: true,
      status: 'Progressing',
      message: /^Job is running: 1 active, 0 of 1 completions$/,
    },
    {
      name: 'a Job whose pod succeeded is Healthy',
      object: 'Job/job-done',
      drive: podsEnded('job-name=job-done', 'Succeeded'),
      controller: true,
      status: 'Healthy',
      // 1.20's Job controller writes a Complete condition without a message; 1.34's says why (CompletionsReached).
      message: kube120 ? /^Job completed$/ : /^CompletionsReached: Reached expected number of succeeded pods$/,
    },
    {
      name: 'a Job past its backoff limit is Degraded',
      object: 'Job/job-failed',
      drive: podsEnded('job-name=job-failed', 'Failed'),
      controller: true,
      status: 'Degraded',
      message: /^BackoffLimitExceeded: Job has reached the specified backoff limit$/,
    },
    { name: 'a CronJob not yet due is Healthy', object: 'CronJob/cron-idle', status: 'Healthy', message: /^Not scheduled yet$/ },
    {
      name: 'a CronJob that ran is Healthy and says when',
      object: 'CronJob/cron-scheduled',
      drive: status(cronApi, 'CronJob', 'cron-scheduled', { lastScheduleTime: '2024-02-29T00:00:00Z' }),
      status: 'Healthy',
      message: /^Last scheduled at 2024-02-29T00:00:00Z$/,
    },
    { name: 'a suspended CronJob is Suspended', object: 'CronJob/cron-suspended', status: 'Suspended', message: /^CronJob is suspended$/ },
    {
      name: 'a claim the volume controller bound is Healthy',
      object: 'PersistentVolumeClaim/claim-bound',
      controller: true,
      status: 'Healthy',
      message: /^Claim is bound$/,
    },
    {
      name: 'a claim no volume matches is Progressing',
      object: 'PersistentVolumeClaim/claim-pending',
      controller: true,
      status: 'Progressing',
      message: /^Waiting for the claim to be bound$/,
    },
    {
      name: 'a claim whose volume is gone is Degraded',
      object: 'PersistentVolumeClaim/claim-lost',
      controller: true,
      status: 'Degraded',
      message: /^Claim lost its underlying volume$/,
    },
    { name: 'a ClusterIP Service is Healthy', object: 'Service/svc-cluster', status: 'Healthy', message: /^ClusterIP service$/ },
    {
      name: 'a LoadBalancer Service without an address is Progressing',
      object: 'Service/svc-lb',
      status: 'Progressing',
      message: /^Waiting for the load balancer address$/,
    },
    {
      name: 'a LoadBalancer Service with an address is Healthy',
      object: 'Service/svc-lb-ready',
      drive: status('v1', 'Service', 'svc-lb-ready', { loadBalancer: { ingress: [{ hostname: 'lb.example.test' }] } }),
      status: 'Healthy',
      message: /^Load balancer at lb\.example\.test$/,
    },
    {
      name: 'an Ingress without an address is Progressing',
      object: 'Ingress/ing',
      status: 'Progressing',
      message: /^Waiting for the ingress controller to publish an address$/,
    },
    {
      name: 'an Ingress with an address is Healthy',
      object: 'Ingress/ing-ready',
      drive: status('networking.k8s.io/v1', 'Ingress', 'ing-ready', { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } }),
      status: 'Healthy',
      message: /^Ingress at 203\.0\.113\.7$/,
    },
    {
      name: 'an established CustomResourceDefinition is Healthy',
      object: `CustomResourceDefinition/widgets.${group}`,
      controller: true,
      status: 'Healthy',
      message: /^Established$/,
    },
    // Kubernetes 1.20 only: a v1beta1 CRD may have a non-structural schema (1.22 removed v1beta1; v1 refuses one).
    ...(kube120
      ? [
          {
            name: 'a CustomResourceDefinition with a non-structural schema is Degraded (1.20)',
            object: `CustomResourceDefinition/gizmos.${group}`,
            controller: true,
            status: 'Degraded' as const,
            message: /^Non-structural schema: Violations: .*type: Required value/,
          },
        ]
      : []),
    { name: 'an active Namespace is Healthy', object: `Namespace/ns-ok-${id}`, status: 'Healthy', message: /^Namespace is active$/ },
    {
      name: 'a Namespace held in deletion by a finalizer is Progressing',
      object: `Namespace/ns-held-${id}`,
      status: 'Progressing',
      message: /^Namespace is terminating/,
      drive: () => deleteObject({ apiVersion: 'v1', kind: 'Namespace', name: `ns-held-${id}` }),
    },
    {
      name: 'a custom resource whose controller has not written status yet is Progressing',
      object: 'Widget/widget-new',
      status: 'Progressing',
      message: /^Waiting for the Widget controller to write status$/,
    },
    {
      name: 'a custom resource with Ready=True is Healthy',
      object: 'Widget/widget-ready',
      drive: widget(() => group, 'widget-ready', 'True', 'Reconciled', 'all parts in place'),
      status: 'Healthy',
      message: /^Ready: Reconciled: all parts in place$/,
    },
    {
      name: 'a custom resource with Ready=False while provisioning is Progressing',
      object: 'Widget/widget-provisioning',
      drive: widget(() => group, 'widget-provisioning', 'False', 'Provisioning', 'creating disks'),
      status: 'Progressing',
      message: /^Ready: Provisioning: creating disks$/,
    },
    {
      name: 'a custom resource with Ready=False for a failure is Degraded',
      object: 'Widget/widget-failing',
      drive: widget(() => group, 'widget-failing', 'False', 'ProvisioningFailed', 'quota exceeded in zone a'),
      status: 'Degraded',
      message: /^Ready: ProvisioningFailed: quota exceeded in zone a$/,
    },
  ];

  function podsEndedByName(name: string): Drive {
    return (namespace) =>
      setStatus(
        { apiVersion: 'v1', kind: 'Pod', name, namespace },
        {
          phase: 'Failed',
          containerStatuses: [
            {
              name: 'main',
              ready: false,
              restartCount: 0,
              image: 'busybox:1.36',
              imageID: '',
              state: { terminated: { exitCode: 3, reason: 'Error', startedAt: now(), finishedAt: now() } },
            },
          ],
        },
      );
  }

  before(async () => {
    // A namespace where no Pod may be created: the ReplicaSet controller's failure is real.
    await fx.target.client.request('POST', '/api/v1/namespaces', {
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: quotaNs } },
    });
    const quota = await fx.target.client.request('POST', `/api/v1/namespaces/${quotaNs}/resourcequotas`, {
      body: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'no-pods' }, spec: { hard: { pods: '0' } } },
    });
    assert.equal(quota.status, 201);
    const files = Object.fromEntries(
      readdirSync(testdata)
        .filter((f) => kube120 || !f.endsWith('-1.20.yaml'))
        .map((f) => [`manifests/${f}`, fill(readFileSync(path.join(testdata, f), 'utf8'), { id, group, ns, quotaNs, cronApi })]),
    );
    const repo = createTestRepo(files);
    repos.push(repo);
    const result = await syncApplication(fx, testApp(uniqueName('health'), repo.dir, ns), { timeoutMs: 30_000 });
    assert.equal(
      result.phase,
      'Succeeded',
      `${result.message}\n${result.entries
        .filter((e) => e.action === 'failed')
        .map((e) => e.message)
        .join('\n')}`,
    );
    for (const e of result.entries) refs.set(`${e.ref.kind}/${e.ref.name}`, e.ref);
  });

  after(async () => {
    await fx.target.client.request('PATCH', `/api/v1/namespaces/ns-held-${id}/configmaps/held`, {
      body: { metadata: { finalizers: null } },
      contentType: 'application/merge-patch+json',
    });
    for (const n of [...namespaces, `ns-held-${id}`]) await deleteNamespace(fx.target, n);
    for (const p of [
      `/api/v1/persistentvolumes/pv-${id}`,
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.${group}`,
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gizmos.${group}`,
    ]) {
      await fx.target.client.request('DELETE', p);
    }
    for (const r of repos) r.remove();
    fx.close();
  });

  for (const row of rows) {
    test(row.name, async () => {
      const ref = refs.get(row.object);
      assert.ok(ref, `${row.object} was synced`);
      await row.drive?.(ns);
      const read = async () => (await readHealth(fx.target, [ref])).objects[0];
      const matches = (h: { status: HealthCode; message?: string }) => h.status === row.status && row.message.test(h.message ?? '');
      let seen = await read();
      if (row.controller && !matches(seen)) {
        await waitFor(`${row.object} to be ${row.status}`, async () => matches((seen = await read())), {
          timeoutMs: 20_000,
          intervalMs: 200,
        }).catch(() => undefined);
      }
      assert.equal(seen.status, row.status, `${refString(ref)}: ${seen.message}`);
      assert.match(seen.message ?? '', row.message);
    });
  }

  test("an object deleted behind the engine's back is Missing", async () => {
    const ref = refs.get('ConfigMap/held')!;
    const pod = refs.get('Pod/pod-pending')!;
    await fx.target.client.request('DELETE', `/api/v1/namespaces/${ns}/pods/pod-pending`, { query: { gracePeriodSeconds: '0' } });
    const report = await readHealth(fx.target, [ref, pod]);
    assert.deepEqual(
      report.objects.map((o) => [refString(o.ref), o.status, o.message]),
      [
        [`ConfigMap/ns-held-${id}/held`, 'Healthy', 'No status to assess'],
        [`Pod/${ns}/pod-pending`, 'Missing', 'Object does not exist'],
      ],
    );
    assert.equal(report.health, 'Missing');
  });
});

/**
 * APIServices change the aggregated discovery every client of the cluster reads (the namespace
 * controller stalls while a group is unavailable), so they live only as long as this one test.
 * kube-apiserver 1.20 cannot server-side apply an APIService (the aggregator panics: "FieldManager
 * must be installed to run apply"), so these are created with a plain POST; the engine reads their health.
 */
describe('APIService health', () => {
  const fx = createEngineFixture();
  const id = uniqueName('api');
  const ns = uniqueName('apisvc');
  const local = `${id}-local.example.com`;
  const broken = `${id}-broken.example.com`;
  const apiService = (group: string, service?: string) => ({
    apiVersion: 'apiregistration.k8s.io/v1',
    kind: 'APIService',
    metadata: { name: `v1.${group}` },
    spec: {
      group,
      version: 'v1',
      groupPriorityMinimum: 100,
      versionPriority: 10,
      ...(service ? { insecureSkipTLSVerify: true, service: { namespace: ns, name: service, port: 443 } } : {}),
    },
  });
  const remove = async () => {
    for (const g of [local, broken]) await fx.target.client.request('DELETE', `/apis/apiregistration.k8s.io/v1/apiservices/v1.${g}`);
  };

  after(async () => {
    await remove();
    await deleteNamespace(fx.target, ns);
    fx.close();
  });

  test('a local APIService is Healthy; one whose Service does not exist is Degraded', async () => {
    try {
      for (const body of [apiService(local), apiService(broken, 'missing')]) {
        const res = await fx.target.client.request('POST', '/apis/apiregistration.k8s.io/v1/apiservices', { body });
        assert.equal(res.status, 201, JSON.stringify(res.body));
      }
      const refs: ObjectRef[] = [broken, local].map((g) => ({
        group: 'apiregistration.k8s.io',
        version: 'v1',
        kind: 'APIService',
        name: `v1.${g}`,
      }));
      const expected = [
        [`APIService/v1.${broken}`, 'Degraded', `ServiceNotFound: service/missing in "${ns}" is not present`],
        [`APIService/v1.${local}`, 'Healthy', 'Local: Local APIServices are always available'],
      ];
      let seen: unknown;
      await waitFor(
        'the aggregator to judge both APIServices',
        async () => {
          const report = await readHealth(fx.target, refs);
          seen = [report.health, report.objects.map((o) => [refString(o.ref), o.status, o.message])];
          return JSON.stringify(seen) === JSON.stringify(['Degraded', expected]);
        },
        { timeoutMs: 15_000 },
      ).catch(() => undefined);
      assert.deepEqual(seen, ['Degraded', expected]);
    } finally {
      await remove();
    }
  });
});

const lbService = `apiVersion: v1
kind: Service
metadata: { name: front }
spec:
  type: LoadBalancer
  selector: { app: front }
  ports: [{ port: 80, targetPort: 8080, protocol: TCP }]
`;
const pod = `apiVersion: v1
kind: Pod
metadata: { name: worker }
spec: { containers: [{ name: main, image: nginx:1.25 }] }
`;
const settings = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { mode: fast }\n';

describe('application health and sync --wait', () => {
  const fx = createEngineFixture();
  const namespaces: string[] = [];
  let repo: TestRepo;
  const newNamespace = () => {
    const n = uniqueName('appheal');
    namespaces.push(n);
    return n;
  };
  const ref = (kind: string, name: string, namespace: string): LiveRef => ({ apiVersion: 'v1', kind, name, namespace });

  before(() => {
    repo = createTestRepo({ 'manifests/front.yaml': lbService, 'manifests/worker.yaml': pod, 'manifests/settings.yaml': settings });
  });
  after(async () => {
    for (const n of namespaces) await deleteNamespace(fx.target, n);
    repo.remove();
    fx.close();
  });

  test("the app's health is the worst of its objects' health", async () => {
    const ns = newNamespace();
    const result = await syncApplication(fx, testApp(uniqueName('worst'), repo.dir, ns));
    assert.equal(result.phase, 'Succeeded', result.message);
    assert.equal(result.health, 'Progressing', 'a LoadBalancer without an address and a pending pod');
    const refs = result.entries.filter((e) => e.ref.kind !== 'Namespace').map((e) => e.ref);
    const byName = async () => {
      const report = await readHealth(fx.target, refs);
      return { health: report.health, objects: Object.fromEntries(report.objects.map((o) => [o.ref.name, o.status])) };
    };
    assert.deepEqual(await byName(), {
      health: 'Progressing',
      objects: { front: 'Progressing', worker: 'Progressing', settings: 'Healthy' },
    });

    await setStatus(ref('Pod', 'worker', ns), {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'main',
          ready: false,
          restartCount: 5,
          image: 'nginx:1.25',
          imageID: '',
          state: { waiting: { reason: 'ImagePullBackOff' } },
        },
      ],
    });
    assert.deepEqual(await byName(), { health: 'Degraded', objects: { front: 'Progressing', worker: 'Degraded', settings: 'Healthy' } });

    await setStatus(ref('Pod', 'worker', ns), running(true));
    assert.deepEqual(await byName(), { health: 'Progressing', objects: { front: 'Progressing', worker: 'Healthy', settings: 'Healthy' } });

    await setStatus(ref('Service', 'front', ns), { loadBalancer: { ingress: [{ ip: '203.0.113.9' }] } });
    assert.deepEqual(await byName(), { health: 'Healthy', objects: { front: 'Healthy', worker: 'Healthy', settings: 'Healthy' } });
  });

  test('sync --wait fails after the timeout and names the object that is not healthy', async () => {
    const ns = newNamespace();
    const name = uniqueName('wait-fail');
    await syncApplication(fx, testApp(name, repo.dir, ns));
    await setStatus(ref('Pod', 'worker', ns), running(true));
    const started = Date.now();
    const result = await syncApplication(fx, testApp(name, repo.dir, ns), { wait: true, timeoutMs: 2_000 });
    const took = Date.now() - started;
    assert.equal(result.phase, 'Failed');
    assert.equal(result.health, 'Progressing');
    assert.equal(
      result.message,
      `timed out after 2s waiting for health: Service/${ns}/front Progressing: Waiting for the load balancer address`,
    );
    assert.ok(took >= 2_000 && took < 10_000, `took ${took} ms`);
  });

  test('sync --wait succeeds as soon as every object becomes healthy', async () => {
    const ns = newNamespace();
    const started = Date.now();
    const pending: Promise<unknown>[] = [];
    const result = await syncApplication(fx, testApp(uniqueName('wait-ok'), repo.dir, ns), {
      wait: true,
      timeoutMs: 20_000,
      onEvent: (event) => {
        if (event.type !== 'object') return;
        const e = event.entry;
        // Someone else makes each object healthy a moment after it is created: a load balancer, a kubelet.
        const later = (fn: () => Promise<unknown>) => pending.push(new Promise((r) => setTimeout(r, 500)).then(fn));
        if (e.ref.kind === 'Service')
          later(() => setStatus(ref('Service', 'front', ns), { loadBalancer: { ingress: [{ ip: '203.0.113.10' }] } }));
        if (e.ref.kind === 'Pod') later(() => setStatus(ref('Pod', 'worker', ns), running(true)));
      },
    });
    await Promise.all(pending);
    assert.equal(result.phase, 'Succeeded', result.message);
    assert.equal(result.health, 'Healthy');
    assert.equal(result.message, undefined);
    assert.ok(Date.now() - started < 10_000, 'returns once healthy, long before the timeout');
    const entries = Object.fromEntries(result.entries.map((e) => [`${e.ref.kind}/${e.ref.name}`, e.health?.status]));
    assert.equal(entries['Service/front'], 'Progressing', 'the health seen at apply time is kept in the entry');
  });
});

describe('a definition that can never become ready', () => {
  const fx = createEngineFixture();
  const group = `${uniqueName('clash')}.example.com`;
  const ns = uniqueName('clash');
  const crd = (plural: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: ${plural}.${group} }
spec:
  group: ${group}
  scope: Namespaced
  names: { kind: Thing, plural: ${plural}, listKind: ThingList }
  versions: [{ name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } } }]
`;
  const repo = createTestRepo({
    'manifests/things.yaml': crd('things'),
    'manifests/stuff.yaml': crd('stuff'),
    'manifests/settings.yaml': settings,
  });

  after(async () => {
    for (const plural of ['things', 'stuff'])
      await fx.target.client.request('DELETE', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${plural}.${group}`);
    await deleteNamespace(fx.target, ns);
    repo.remove();
    fx.close();
  });

  test("a CRD whose kind clashes with another CRD's fails the sync at once, naming the clash, and still records what it applied", async () => {
    const started = Date.now();
    const app = testApp(uniqueName('clash'), repo.dir, ns);
    const result = await syncApplication(fx, app, { timeoutMs: 60_000 });
    assert.equal(result.phase, 'Failed');
    assert.match(
      result.message ?? '',
      new RegExp(
        `CustomResourceDefinition/(things|stuff)\\.${group.replace(/\./g, '\\.')}: names not accepted \\((List)?KindConflict: "Thing(List)?" is already in use\\)`,
      ),
    );
    assert.ok(Date.now() - started < 15_000, `failed after ${Date.now() - started} ms, not after the 60 s timeout`);
    const settingsEntry = result.entries.find((e) => e.ref.name === 'settings');
    assert.equal(settingsEntry?.action, 'skipped');
    assert.equal(settingsEntry?.reason, 'DefinitionsNotReady');
    assert.equal(
      (await fx.target.client.request('GET', `/api/v1/namespaces/${ns}/configmaps/settings`)).status,
      404,
      'the sync stopped before the namespaced stage',
    );
    const inventory = await fx.target.readInventory({ name: app.name, inventoryNamespace: ns });
    assert.ok(
      inventory?.objects.some((r) => r.kind === 'CustomResourceDefinition'),
      'the CRDs it created are in the inventory, so a later prune can remove them',
    );
  });
});
