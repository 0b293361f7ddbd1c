/**
 * A Helm chart as a newcomer uses it, end to end against the real control plane: one chart served
 * three ways (a directory in a Git repository, a Helm repository over HTTP started here, and a real
 * OCI registry, Debian's docker-registry), each an Application that `tideway render`, `diff` and
 * `sync` (the CLI as a child process) work on; then the agent syncing the Git app and applying a
 * value changed in a new commit.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { appYaml, eventually, startAgentFixture, type AgentFixture } from '../../../test/support/agent-fixture.js';
import { deleteNamespace, getObject, testKubeconfigPath, uniqueName } from '../../../test/support/engine-fixture.js';
import { createTestRepo, type TestRepo } from '../../../test/support/git-repo.js';
import { createKubernetesTarget, type KubernetesTarget } from '../../target/kubernetes/index.js';
import { makeTgz } from './testing/make-tgz.js';
import { pushChart, registryBinary, startRegistry, type TestRegistry } from './testing/registry.js';

const bin = path.resolve(import.meta.dirname, '../../../bin/tideway.js');

/** The chart: a ConfigMap from values through a helper, and a pre-install hook (a ConfigMap too: no controllers here). */
const CHART: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\nappVersion: "1.0"\n',
  'values.yaml': 'color: red\nsize: 1\n',
  'templates/_helpers.tpl':
    '{{- define "web.fullname" -}}{{ .Release.Name }}-web{{- end -}}\n{{- define "web.labels" -}}\napp.kubernetes.io/name: {{ .Chart.Name }}\napp.kubernetes.io/instance: {{ .Release.Name }}\n{{- end -}}\n',
  'templates/configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "web.fullname" . }}
  labels:
    {{- include "web.labels" . | nindent 4 }}
data:
  color: {{ .Values.color | quote }}
  size: {{ .Values.size | quote }}
  namespace: {{ .Release.Namespace }}
`,
  'templates/hook.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "web.fullname" . }}-migrate
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "-5"
    helm.sh/hook-delete-policy: before-hook-creation
data:
  step: migrate
`,
};

/** A chart whose template reads the cluster with `lookup`: a ConfigMap of its namespace, one of another, a Secret. */
const LOOKUP_CHART: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: reader\nversion: 0.1.0\n',
  'templates/found.yaml': `{{- $own := lookup "v1" "ConfigMap" .Release.Namespace "settings" }}
{{- $other := lookup "v1" "ConfigMap" "kube-system" "extension-apiserver-authentication" }}
{{- $secret := lookup "v1" "Secret" .Release.Namespace "creds" }}
{{- $all := lookup "v1" "ConfigMap" .Release.Namespace "" }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: found
data:
  own: {{ dig "data" "tier" "none" $own | quote }}
  other: {{ empty $other | ternary "none" "read" | quote }}
  secret: {{ empty $secret | ternary "none" "read" | quote }}
  listed: "{{ range (dig "items" list $all) }}{{ if eq .metadata.name "settings" }}settings{{ end }}{{ end }}"
`,
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

type Doc = { kind: string; metadata: { name: string; annotations?: Record<string, string> }; data?: Record<string, string> };
const docs = (yaml: string) => parseAllDocuments(yaml).map((d) => d.toJS() as Doc);

async function serveHelmRepo(files: Map<string, Uint8Array | string>): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const body = files.get((req.url ?? '').replace(/^\//, ''));
    if (body === undefined) res.writeHead(404).end();
    else res.writeHead(200).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const noRegistry = registryBinary() === undefined;

describe('a Helm chart from Git, a Helm repository and an OCI registry: render, diff, sync and the agent', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tideway-helm-e2e-'));
  const namespaces: string[] = [];
  let kube: KubernetesTarget;
  let repo: TestRepo;
  let helmRepo: { url: string; server: Server };
  let registry: TestRegistry | undefined;
  const apps: Record<'git' | 'http' | 'oci', { file: string; ns: string; release: string }> = {} as never;

  function tideway(...argv: string[]): Promise<Run> {
    const env = { ...process.env, KUBECONFIG: testKubeconfigPath(), TIDEWAY_CACHE_DIR: path.join(tmp, 'cache'), TIDEWAY_DEBUG: '' };
    const child = spawn(process.execPath, [bin, ...argv], { cwd: tmp, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c;
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c;
    });
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  }
  const liveData = async (ns: string, name: string) =>
    (await getObject(kube, `/api/v1/namespaces/${ns}/configmaps/${name}`))?.data as Record<string, string> | undefined;
  const writeApp = (kind: 'git' | 'http' | 'oci', source: string) => {
    const name = uniqueName(`helm-${kind}`);
    const ns = uniqueName(`helm-${kind}`);
    namespaces.push(ns);
    const file = path.join(tmp, `${kind}.yaml`);
    writeFileSync(
      file,
      `apiVersion: tideway.dev/v1alpha1\nkind: Application\nmetadata: { name: ${name} }\nspec:\n${source}  destination: { namespace: ${ns} }\n  syncPolicy: { syncOptions: [CreateNamespace=true] }\n`,
    );
    apps[kind] = { file, ns, release: name };
  };

  before(async () => {
    kube = createKubernetesTarget({ kubeconfig: testKubeconfigPath() });
    const chartFiles = Object.fromEntries(Object.entries(CHART).map(([f, text]) => [`charts/web/${f}`, text]));
    const readerFiles = Object.fromEntries(Object.entries(LOOKUP_CHART).map(([f, text]) => [`charts/reader/${f}`, text]));
    repo = createTestRepo({ ...chartFiles, ...readerFiles, 'envs/prod.yaml': 'color: purple\n' });
    const tgz = await makeTgz(Object.entries(CHART).map(([f, body]) => ({ name: `web/${f}`, body })));
    const digest = createHash('sha256').update(tgz).digest('hex');
    helmRepo = await serveHelmRepo(
      new Map<string, Uint8Array | string>([
        [
          'index.yaml',
          `apiVersion: v1\nentries:\n  web:\n  - name: web\n    version: 0.1.0\n    digest: ${digest}\n    urls: [web-0.1.0.tgz]\n`,
        ],
        ['web-0.1.0.tgz', tgz],
      ]),
    );
    writeApp(
      'git',
      `  source:\n    repoURL: ${repo.dir}\n    targetRevision: main\n    path: charts/web\n    helm:\n      valueFiles: [../../envs/prod.yaml]\n      parameters: [{ name: size, value: "3" }]\n`,
    );
    writeApp(
      'http',
      `  source:\n    repoURL: ${helmRepo.url}\n    chart: web\n    targetRevision: ^0.1.0\n    helm: { values: "color: green\\n" }\n`,
    );
    if (!noRegistry) {
      registry = await startRegistry();
      await pushChart(registry.host, 'charts/web', '0.1.0', tgz);
      writeApp(
        'oci',
        `  source:\n    repoURL: oci://${registry.host}/charts/web\n    targetRevision: 0.1.0\n    helm: { releaseName: blue, valuesObject: { color: blue } }\n`,
      );
      apps.oci.release = 'blue';
    }
  });

  after(async () => {
    for (const ns of namespaces) await deleteNamespace(kube, ns);
    kube?.close();
    repo?.remove();
    helmRepo?.server.close();
    await registry?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const expected = { git: { color: 'purple', size: '3' }, http: { color: 'green', size: '1' }, oci: { color: 'blue', size: '1' } };

  for (const kind of ['git', 'http', 'oci'] as const) {
    // Under CI an absent registry is a failure (the OCI tests then run and fail).
    const skip =
      kind === 'oci' && noRegistry && !process.env.CI ? 'docker-registry is not installed (apt-get install docker-registry)' : false;
    test(`${kind}: render prints the chart's objects with the app's values and the hook with its annotations`, { skip }, async () => {
      const { file, ns, release } = apps[kind];
      const res = await tideway('render', '-f', file);
      assert.equal(res.code, 0, res.stderr);
      const out = docs(res.stdout);
      assert.deepEqual(out.map((d) => `${d.kind}/${d.metadata.name}`).sort(), [
        `ConfigMap/${release}-web`,
        `ConfigMap/${release}-web-migrate`,
      ]);
      const cm = out.find((d) => d.metadata.name === `${release}-web`);
      assert.deepEqual(cm?.data, { ...expected[kind], namespace: ns });
      const hook = out.find((d) => d.metadata.name === `${release}-web-migrate`);
      assert.equal(hook?.metadata.annotations?.['helm.sh/hook'], 'pre-install,pre-upgrade');
      assert.equal(hook?.metadata.annotations?.['helm.sh/hook-weight'], '-5');
    });

    test(`${kind}: diff shows every object new, sync applies them, and diff is then in sync`, { skip }, async () => {
      const { file, ns, release } = apps[kind];
      const before = await tideway('diff', '-f', file);
      assert.equal(before.code, 1, before.stderr);
      assert.match(before.stdout, new RegExp(`^\\+ {2}color: "?${expected[kind].color}"?$`, 'm'));
      const sync = await tideway('sync', '-f', file);
      assert.equal(sync.code, 0, `${sync.stdout}\n${sync.stderr}`);
      assert.match(sync.stdout, new RegExp(`created +ConfigMap/${ns}/${release}-web\\b`));
      assert.deepEqual(await liveData(ns, `${release}-web`), { ...expected[kind], namespace: ns });
      const inSync = await tideway('diff', '-f', file);
      assert.equal(inSync.code, 0, `${inSync.stdout}\n${inSync.stderr}`);
      assert.match(inSync.stdout, /: in sync\n$/);
    });
  }

  test('spec.sources: a chart of the Helm repository with a value file of the Git repository ($values/envs/prod.yaml) renders and syncs', async () => {
    const ns = uniqueName('helm-ref');
    namespaces.push(ns);
    const file = path.join(tmp, 'ref.yaml');
    writeFileSync(
      file,
      `apiVersion: tideway.dev/v1alpha1
kind: Application
metadata: { name: refd }
spec:
  sources:
    - repoURL: ${helmRepo.url}
      chart: web
      targetRevision: 0.1.0
      helm: { valueFiles: [$values/envs/prod.yaml, $values/envs/missing.yaml], ignoreMissingValueFiles: true }
    - { repoURL: ${repo.dir}, targetRevision: main, ref: values }
  destination: { namespace: ${ns} }
  syncPolicy: { syncOptions: [CreateNamespace=true] }
`,
    );
    const rendered = await tideway('render', '-f', file);
    assert.equal(rendered.code, 0, rendered.stderr);
    assert.equal(docs(rendered.stdout).find((d) => d.metadata.name === 'refd-web')?.data?.color, 'purple');
    const sync = await tideway('sync', '-f', file);
    assert.equal(sync.code, 0, `${sync.stdout}\n${sync.stderr}`);
    assert.equal((await liveData(ns, 'refd-web'))?.color, 'purple');
    // A value file of a ref that spec.sources does not name is a clear error.
    writeFileSync(file, readFileSync(file, 'utf8').replace('$values/envs/prod.yaml', '$other/prod.yaml'));
    const bad = await tideway('render', '-f', file);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /\$other\/prod\.yaml names no source of spec\.sources with ref: other/);
  });

  test("lookup: with helm.lookup true, diff and sync read the app's namespace (never Secrets nor other namespaces); render finds nothing, as helm template", async () => {
    const ns = uniqueName('helm-lookup');
    namespaces.push(ns);
    await kube.ensureNamespace?.(ns, {});
    const create = async (kind: string, body: object) => {
      const res = await kube.client.request('POST', `/api/v1/namespaces/${ns}/${kind}`, { body });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    };
    await create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { tier: 'gold' } });
    await create('secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, stringData: { password: 'hunter2' } });
    const file = path.join(tmp, 'lookup.yaml');
    writeFileSync(
      file,
      `apiVersion: tideway.dev/v1alpha1\nkind: Application\nmetadata: { name: reader }\nspec:\n  source: { repoURL: ${repo.dir}, targetRevision: main, path: charts/reader, helm: { lookup: true } }\n  destination: { namespace: ${ns} }\n`,
    );
    const rendered = await tideway('render', '-f', file);
    assert.equal(rendered.code, 0, rendered.stderr);
    assert.deepEqual(docs(rendered.stdout)[0].data, { own: 'none', other: 'none', secret: 'none', listed: '' });
    const sync = await tideway('sync', '-f', file);
    assert.equal(sync.code, 0, `${sync.stdout}\n${sync.stderr}`);
    const live = await liveData(ns, 'found');
    assert.deepEqual(live, { own: 'gold', other: 'none', secret: 'none', listed: 'settings' });
    const inSync = await tideway('diff', '-f', file);
    assert.equal(inSync.code, 0, `${inSync.stdout}\n${inSync.stderr}`);
  });

  describe('the agent', () => {
    let fx: AgentFixture;
    before(async () => {
      fx = await startAgentFixture();
    });
    after(async () => {
      await fx?.close();
    });

    test('syncs a chart from Git and applies a value changed in a new commit', async () => {
      const name = uniqueName('helm-agent');
      const ns = uniqueName('helm-agent');
      namespaces.push(ns);
      const app = appYaml(name, repo.dir, ns, { interval: '1s', path: 'charts/web' }).replace(
        'interval: 1s }',
        'interval: 1s, helm: { valueFiles: [../../envs/prod.yaml] } }',
      );
      assert.match(app, /helm: \{ valueFiles/);
      fx.writeApp(name, app);
      await eventually('the chart synced', async () => (await liveData(ns, `${name}-web`))?.color === 'purple', 60_000, 200);
      repo.commit({ 'envs/prod.yaml': 'color: orange\n' }, 'prod: orange');
      await eventually('the new value applied', async () => (await liveData(ns, `${name}-web`))?.color === 'orange', 60_000, 200);
      const history = (await fx.agent.control.history(name)) ?? [];
      assert.equal(history[0]?.revision.message, 'prod: orange');
    });
  });
});
