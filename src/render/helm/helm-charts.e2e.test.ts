import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseDocument } from 'yaml';
import { startTestCluster, type TestCluster } from '../../../scripts/cluster/test-cluster.mjs';
import type { Manifest } from '../../core/model/manifest.js';
import { createKubernetesTarget, type KubernetesTarget } from '../../target/kubernetes/index.js';
import { objectsOf } from './helm-renderer.js';
import { loadChart, renderChart } from './index.js';

/**
 * The eight public charts of ../shared/conformance/helm-charts render with their default values and
 * their output passes a server-side dry run against a v1.34 control plane (CRDs and Namespaces are
 * applied for real first, as a sync applies them before what needs them).
 */
const charts = process.env.TIDEWAY_HELM_CHARTS ?? path.resolve(import.meta.dirname, '../../../../shared/conformance/helm-charts');
const kube134 = process.env.TIDEWAY_KUBE_1_34_DIR ?? path.resolve(import.meta.dirname, '../../../../shared/kube/1.34');
const absent = !existsSync(charts) ? charts : !existsSync(kube134) ? kube134 : undefined;
const skip = absent && !process.env.CI ? `absent: ${absent}` : false;

const NAMESPACE = 'charts';
/** kube-prometheus-stack: grafana is not in the corpus copy (its README), nor three subcharts it names. */
const KPS_MISSING = ['kube-state-metrics', 'prometheus-node-exporter', 'prometheus-windows-exporter'];
const KPS_SET = 'grafana.enabled=false,kubeStateMetrics.enabled=false,nodeExporter.enabled=false,windowsMonitoring.enabled=false';

describe('public charts render and pass a server-side dry run on Kubernetes 1.34', { skip, timeout: 15 * 60 * 1000 }, () => {
  let cluster: TestCluster;
  let target: KubernetesTarget;
  let kps: string;

  before(async () => {
    if (absent) assert.fail(`missing: ${absent}`);
    cluster = await startTestCluster({ version: '1.34', timeoutMs: 120_000 });
    target = createKubernetesTarget({ kubeconfig: cluster.kubeconfig });
    await target.ensureNamespace?.(NAMESPACE, {});
    // The corpus copy of kube-prometheus-stack names three subcharts it does not hold (helm refuses it
    // as is): render a temporary copy without them.
    kps = await mkdtemp(path.join(os.tmpdir(), 'tideway-kps-'));
    await cp(path.join(charts, 'kube-prometheus-stack'), kps, { recursive: true });
    const doc = parseDocument(await readFile(path.join(kps, 'Chart.yaml'), 'utf8'));
    const deps = (doc.toJS().dependencies ?? []) as { name: string }[];
    doc.set(
      'dependencies',
      deps.filter((d) => !KPS_MISSING.includes(d.name)),
    );
    await writeFile(path.join(kps, 'Chart.yaml'), doc.toString());
  });
  after(async () => {
    target?.close();
    await cluster?.stop();
    if (kps) await rm(kps, { recursive: true, force: true });
  });

  const cases: [string, () => string, string[]][] = [
    ['podinfo', () => path.join(charts, 'podinfo'), []],
    ['ingress-nginx', () => path.join(charts, 'ingress-nginx'), []],
    ['cert-manager', () => path.join(charts, 'cert-manager'), []],
    ['bitnami-postgresql', () => path.join(charts, 'bitnami-postgresql'), []],
    ['bitnami-redis', () => path.join(charts, 'bitnami-redis'), []],
    ['prometheus', () => path.join(charts, 'prometheus'), []],
    ['argo-cd', () => path.join(charts, 'argo-cd'), []],
    ['kube-prometheus-stack', () => kps, [KPS_SET]],
  ];
  for (const [name, dir, set] of cases) {
    test(`${name} renders with default values and its objects pass a server-side dry run`, async () => {
      const chart = await loadChart(dir());
      const result = await renderChart(chart, {
        releaseName: name,
        namespace: NAMESPACE,
        kubeVersion: '1.34.2',
        includeCrds: true,
        values: { set },
      });
      const objects = objectsOf(result, true, false).map((o) => o.object);
      assert.ok(objects.length > 0, 'the chart renders objects');
      const first = (o: Manifest) => o.kind === 'CustomResourceDefinition' || o.kind === 'Namespace';
      const definitions = objects.filter(first);
      if (definitions.length > 0) {
        const applied = await target.apply({ name }, definitions, {});
        assert.deepEqual(
          applied.filter((e) => e.action === 'failed').map((e) => `${e.ref.kind}/${e.ref.name}: ${e.message}`),
          [],
        );
        await target.waitReady(definitions, 60_000);
      }
      const rest = objects.filter((o) => !first(o));
      const kindScopes = await target.scopes(rest);
      for (const o of rest) {
        if (kindScopes({ apiVersion: o.apiVersion, kind: o.kind }) === 'Namespaced' && !o.metadata.namespace)
          o.metadata.namespace = NAMESPACE;
      }
      const entries = await target.apply({ name }, rest, { dryRun: true });
      assert.deepEqual(
        entries.filter((e) => e.action === 'failed').map((e) => `${e.ref.kind}/${e.ref.name}: ${e.message}`),
        [],
      );
    });
  }
});
