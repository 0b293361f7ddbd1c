/**
 * `tideway import` as an Argo CD or Flux user runs it: the CLI converts their objects, and the
 * converted Applications sync against the real test control plane (`name: in-cluster` and
 * `server: https://kubernetes.default.svc` are the kubeconfig's cluster outside a Pod).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestRepo, type TestRepo } from '../../test/support/git-repo.js';
import { createEngineFixture, deleteNamespace, getObject, testKubeconfigPath, uniqueName } from '../../test/support/engine-fixture.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin/tideway.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name} }\ndata: { v: "1" }\n`;

describe('tideway import, then tideway sync of what it made', () => {
  const fx = createEngineFixture();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tideway-import-'));
  const argoNs = uniqueName('argo');
  const fluxNs = uniqueName('flux');
  const helmNs = uniqueName('helm');
  let repo: TestRepo;

  function tideway(argv: string[], stdin?: string): Promise<Run> {
    const env = { ...process.env, KUBECONFIG: testKubeconfigPath(), TIDEWAY_CACHE_DIR: path.join(tmp, 'cache'), TIDEWAY_DEBUG: '' };
    const child = spawn(process.execPath, [bin, ...argv], { cwd: tmp, env, stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c;
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c;
    });
    child.stdin.end(stdin ?? '');
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  }

  before(() => {
    repo = createTestRepo({
      'guestbook/a.yaml': cm('guestbook-ui'),
      'flux/b.yaml': cm('from-flux'),
      'flux/ns.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${fluxNs} }\n`,
      'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
      'charts/web/values.yaml': 'greeting: hello\n',
      'charts/web/templates/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: {{ .Release.Name }}-cm }\ndata: { greeting: {{ .Values.greeting | quote }} }\n',
      'envs/prod/web.yaml': 'greeting: from-prod\n',
    });
  });

  after(async () => {
    for (const ns of [argoNs, fluxNs, helmNs]) await deleteNamespace(fx.target, ns);
    repo.remove();
    rmSync(tmp, { recursive: true, force: true });
    fx.close();
  });

  test('an Argo CD Application (name: in-cluster) imports with its lost sync option reported, and the result syncs', async () => {
    const argoFile = path.join(tmp, 'argo.yaml');
    writeFileSync(
      argoFile,
      `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: guestbook
  namespace: argocd
  finalizers: [resources-finalizer.argocd.argoproj.io]
spec:
  project: default
  source: { repoURL: ${repo.dir}, targetRevision: main, path: guestbook }
  destination: { name: in-cluster, namespace: ${argoNs} }
  syncPolicy:
    automated: { prune: true, selfHeal: true }
    syncOptions: [CreateNamespace=true, ApplyOutOfSyncOnly=true]
`,
    );
    const check = await tideway(['import', '--check', argoFile]);
    assert.equal(check.code, 1, check.stderr);
    assert.match(check.stdout, /^Application argocd\/guestbook \(.*argo\.yaml:1\):$/m);
    assert.match(check.stdout, /^ {2}lost {5}spec\.syncPolicy\.syncOptions\[1\]: Tideway applies every object at each sync/m);

    const converted = await tideway(['import', argoFile]);
    assert.equal(converted.code, 0, converted.stderr);
    assert.match(converted.stderr, /spec\.syncPolicy\.syncOptions\[1\]/);
    const appFile = path.join(tmp, 'guestbook.yaml');
    writeFileSync(appFile, converted.stdout);
    assert.match(converted.stdout, /resources-finalizer\.tideway\.dev/);

    const sync = await tideway(['sync', '-f', appFile]);
    assert.equal(sync.code, 0, sync.stderr);
    assert.match(sync.stdout, /^guestbook @ [0-9a-f]{12}: Succeeded, health Healthy/m);
    const live = await getObject(fx.target, `/api/v1/namespaces/${argoNs}/configmaps/guestbook-ui`);
    assert.deepEqual(live?.data, { v: '1' });
  });

  test('a Flux GitRepository + Kustomization pair read from standard input imports into an app that syncs', async () => {
    const flux = `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: { name: apps, namespace: flux-system }
spec: { interval: 1m, url: ${repo.dir}, ref: { branch: main } }
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: { name: flux-apps, namespace: flux-system }
spec:
  interval: 10m
  sourceRef: { kind: GitRepository, name: apps }
  path: ./flux
  prune: true
  targetNamespace: ${fluxNs}
`;
    const converted = await tideway(['import', '-'], flux);
    assert.equal(converted.code, 0, converted.stderr);
    assert.match(converted.stderr, /changed +spec\.targetNamespace/);
    const appFile = path.join(tmp, 'flux-apps.yaml');
    writeFileSync(appFile, converted.stdout);
    const sync = await tideway(['sync', '-f', appFile]);
    assert.equal(sync.code, 0, `${sync.stdout}\n${sync.stderr}`);
    const live = await getObject(fx.target, `/api/v1/namespaces/${fluxNs}/configmaps/from-flux`);
    assert.deepEqual(live?.data, { v: '1' });
  });

  test('a Flux HelmRelease of a chart in a GitRepository imports into a Helm app that syncs with its values files', async () => {
    const flux = `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: { name: charts, namespace: flux-system }
spec: { interval: 1m, url: ${repo.dir}, ref: { branch: main } }
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: { name: web, namespace: flux-system }
spec:
  interval: 10m
  targetNamespace: ${helmNs}
  chart:
    spec:
      chart: ./charts/web
      sourceRef: { kind: GitRepository, name: charts }
      valuesFiles: [./envs/prod/web.yaml]
  install: { createNamespace: true }
`;
    const converted = await tideway(['import', '-'], flux);
    assert.equal(converted.code, 0, converted.stderr);
    const appFile = path.join(tmp, 'helm-web.yaml');
    writeFileSync(appFile, converted.stdout);
    const sync = await tideway(['sync', '-f', appFile]);
    assert.equal(sync.code, 0, `${sync.stdout}\n${sync.stderr}`);
    // Flux's default release name with a targetNamespace: <targetNamespace>-<name>.
    const live = await getObject(fx.target, `/api/v1/namespaces/${helmNs}/configmaps/${helmNs}-web-cm`);
    assert.deepEqual(live?.data, { greeting: 'from-prod' });
  });

  test('input that is not Argo CD’s or Flux’s exits 2 naming the object; an unreadable file exits 2', async () => {
    const bad = await tideway(['import', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /ConfigMap c \(-:1\):\n {2}error +not an Argo CD or Flux object/);
    const missing = await tideway(['import', path.join(tmp, 'nope.yaml')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.yaml: no such file or directory/);
  });
});
