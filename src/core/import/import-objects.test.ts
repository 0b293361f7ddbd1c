import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { resolveApplication } from '../application/resolve-application.js';
import { resolveProject } from '../project/resolve-project.js';
import { importObjects, type ImportResult } from './index.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata');
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.input.yaml'))
  .map((f) => f.replace('.input.yaml', ''));

function run(name: string): ImportResult[] {
  const text = readFileSync(path.join(dir, `${name}.input.yaml`), 'utf8');
  return importObjects(parseAllDocuments(text).map((d, i) => ({ object: d.toJS() as unknown, where: `doc ${i}` })));
}

const summary = (results: ImportResult[]) =>
  results.map((r) => ({
    subject: r.subject,
    ...(r.error && { error: r.error }),
    findings: r.findings.map((f) => `${f.level} ${f.path}`),
    ...(r.output && { output: r.output }),
  }));

const argoApp = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'app', ...metadata },
  spec: { destination: { server: 'https://kubernetes.default.svc', namespace: 'x' }, ...spec },
});
const findingsOf = (object: unknown) => importObjects([{ object, where: 'test' }])[0]!;

describe('tideway import: Argo CD and Flux objects to Tideway Applications and Projects', () => {
  for (const name of cases) {
    test(`${name}: the conversion and every finding are as expected`, () => {
      const expected = parse(readFileSync(path.join(dir, `${name}.expected.yaml`), 'utf8')) as unknown;
      assert.deepEqual(summary(run(name)), expected);
    });
  }

  test('every converted fixture resolves with the validator the CLI and agent use', () => {
    let converted = 0;
    for (const name of cases) {
      for (const result of run(name)) {
        if (!result.output) continue;
        converted++;
        if (result.output.kind === 'Project') assert.doesNotThrow(() => resolveProject(result.output), `${name}: ${result.subject}`);
        else assert.doesNotThrow(() => resolveApplication(result.output), `${name}: ${result.subject}`);
      }
    }
    assert.ok(converted >= 10, `only ${converted} objects converted`);
  });

  test('an unknown field is reported lost at its path, at any depth, and never copied', () => {
    const paths: [string, Record<string, unknown>, Record<string, unknown>?][] = [
      ['spec.futureField', { source: { repoURL: 'https://g/r.git' }, futureField: 1 }],
      ['spec.source.futureField', { source: { repoURL: 'https://g/r.git', futureField: { a: [1] } } }],
      ['spec.source.helm.futureField', { source: { repoURL: 'https://c', chart: 'c', helm: { futureField: 'x' } } }],
      [
        'spec.source.helm.parameters[0].futureField',
        { source: { repoURL: 'https://c', chart: 'c', helm: { parameters: [{ name: 'a', futureField: 1 }] } } },
      ],
      ['spec.destination.futureField', { source: { repoURL: 'https://g/r.git' }, destination: { namespace: 'x', futureField: 1 } }],
      ['spec.syncPolicy.automated.futureField', { source: { repoURL: 'https://g/r.git' }, syncPolicy: { automated: { futureField: 1 } } }],
      [
        'spec.syncPolicy.retry.backoff.futureField',
        { source: { repoURL: 'https://g/r.git' }, syncPolicy: { retry: { backoff: { futureField: 1 } } } },
      ],
      [
        'spec.ignoreDifferences[0].futureField',
        { source: { repoURL: 'https://g/r.git' }, ignoreDifferences: [{ kind: 'A', jsonPointers: ['/a'], futureField: 1 }] },
      ],
      [
        'spec.sources[1].futureField',
        { sources: [{ repoURL: 'https://g/r.git' }, { repoURL: 'https://g/v.git', ref: 'v', futureField: 1 }] },
      ],
      ['metadata.futureField', { source: { repoURL: 'https://g/r.git' } }, { futureField: 1 }],
      ['futureTopLevel', { source: { repoURL: 'https://g/r.git' } }],
    ];
    for (const [at, spec, metadata] of paths) {
      const object: Record<string, unknown> = argoApp(spec, metadata);
      if (at === 'futureTopLevel') object.futureTopLevel = true;
      const result = findingsOf(object);
      assert.equal(result.error, undefined, `${at}: ${result.error}`);
      assert.deepEqual(
        result.findings.map((f) => `${f.level} ${f.path}`),
        [`lost ${at}`],
        at,
      );
      assert.match(result.findings[0]!.reason, /unknown field/);
      assert.ok(!JSON.stringify(result.output).includes('futureField'), at);
    }
  });

  test('an Argo CD app that uses only what Tideway has converts with no finding, and its output resolves', () => {
    const [result] = run('argo-plain');
    assert.deepEqual(result!.findings, []);
    const app = resolveApplication(result!.output);
    assert.equal(app.destination.name, 'in-cluster');
    assert.equal(app.syncPolicy.automated, true);
    assert.equal(app.syncPolicy.options.createNamespace, true);
  });

  test('Argo CD finalizers become Tideway’s cascading-deletion finalizer; sync options Tideway lacks are each reported with why', () => {
    const result = findingsOf(
      argoApp(
        { source: { repoURL: 'https://g/r.git' }, syncPolicy: { syncOptions: ['CreateNamespace=true', 'Validate=false', 'Bogus=1'] } },
        { finalizers: ['resources-finalizer.argocd.argoproj.io', 'example.com/keep'] },
      ),
    );
    const app = resolveApplication(result.output);
    assert.equal(app.cascadeDelete, true);
    assert.deepEqual((result.output!.metadata as { finalizers: string[] }).finalizers, [
      'resources-finalizer.tideway.dev',
      'example.com/keep',
    ]);
    assert.deepEqual(
      result.findings.map((f) => [f.path, f.reason]),
      [
        ['spec.syncPolicy.syncOptions[1]', 'Tideway always applies server-side, where the API server validates'],
        ['spec.syncPolicy.syncOptions[2]', 'a sync option Tideway does not know'],
      ],
    );
  });

  test('a bare number of seconds in an Argo CD retry backoff gets its unit', () => {
    const result = findingsOf(
      argoApp({ source: { repoURL: 'https://g/r.git' }, syncPolicy: { retry: { backoff: { duration: '5', maxDuration: 60 } } } }),
    );
    assert.deepEqual(result.findings, []);
    assert.deepEqual(resolveApplication(result.output).syncPolicy.retry, { limit: 5, durationMs: 5000, factor: 2, maxDurationMs: 60_000 });
  });

  test('a Flux Kustomization becomes an automated, self-healing app whose prune gives the cascading finalizer', () => {
    const results = run('flux-pair');
    const podinfo = resolveApplication(results.find((r) => r.subject === 'Kustomization flux-system/podinfo')!.output);
    assert.equal(podinfo.source.repoURL, 'https://github.com/stefanprodan/podinfo');
    assert.equal(podinfo.source.targetRevision, '6.7.0', 'ref.tag wins over ref.branch, as in Flux');
    assert.equal(podinfo.source.path, 'kustomize');
    assert.equal(podinfo.source.intervalMs, 300_000);
    assert.deepEqual([podinfo.syncPolicy.automated, podinfo.syncPolicy.prune, podinfo.syncPolicy.selfHeal], [true, true, true]);
    assert.equal(podinfo.cascadeDelete, true);
    assert.deepEqual(podinfo.dependsOn, [{ name: 'infra' }]);
    const infra = resolveApplication(results.find((r) => r.subject === 'Kustomization flux-system/infra')!.output);
    assert.equal(infra.syncPolicy.automated, false, 'suspend: true imports as manual sync');
    assert.equal(infra.cascadeDelete, false, 'prune: false: deleting the app leaves its objects, as Flux');
  });

  test('a Flux HelmRelease becomes a Helm source: chart and version, values, release name [targetNamespace-]name, values files from the chart', () => {
    const results = run('flux-helm');
    const podinfo = resolveApplication(results.find((r) => r.subject === 'HelmRelease flux-system/podinfo')!.output);
    assert.deepEqual(
      [podinfo.source.repoURL, podinfo.source.chart, podinfo.source.targetRevision],
      ['https://stefanprodan.github.io/podinfo', 'podinfo', '6.5.*'],
    );
    assert.equal(podinfo.source.helm?.releaseName, 'podinfo-podinfo', 'Flux’s default release name with a targetNamespace');
    assert.deepEqual(podinfo.source.helm?.valuesObject, { replicaCount: 2, ingress: { enabled: true } });
    assert.deepEqual([podinfo.source.helm?.skipCrds, podinfo.source.helm?.skipTests], [true, true]);
    assert.deepEqual([podinfo.syncPolicy.selfHeal, podinfo.syncPolicy.options.createNamespace, podinfo.cascadeDelete], [true, true, true]);
    const web = resolveApplication(results.find((r) => r.subject === 'HelmRelease web/web')!.output);
    assert.equal(web.source.path, 'charts/web');
    assert.deepEqual(web.source.helm?.valueFiles, ['values.yaml', '../../envs/prod/web.yaml'], 'Flux reads them from the repository root');
    assert.equal(web.syncPolicy.options.prunePropagationPolicy, 'Background');
    const oci = resolveApplication(results.find((r) => r.subject === 'HelmRelease flux-system/podinfo-oci')!.output);
    assert.deepEqual(
      [oci.source.repoURL, oci.source.targetRevision, oci.syncPolicy.automated],
      ['oci://ghcr.io/stefanprodan/charts/podinfo', '>=6.0.0', false],
    );
  });

  test('input that is not Argo CD’s or Flux’s, or a Kustomization without its GitRepository, is an error; the rest still converts', () => {
    const results = importObjects([
      { object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }, where: 'a' },
      { object: 'text', where: 'b' },
      { object: argoApp({ source: { repoURL: 'https://g/r.git' } }), where: 'c' },
      { object: argoApp({ source: { repoURL: 'not a url' } }), where: 'd' },
    ]);
    assert.match(results[0]!.error!, /not an Argo CD or Flux object/);
    assert.equal(results[1]!.error, 'not a mapping');
    assert.ok(results[2]!.output && !results[2]!.error);
    assert.match(results[3]!.error!, /the converted Application is not valid: spec.source.repoURL/);
    const [lonely] = run('flux-orphans');
    assert.equal(lonely!.error, 'spec.sourceRef: GitRepository flux-system/missing is not in the input');
  });
});
