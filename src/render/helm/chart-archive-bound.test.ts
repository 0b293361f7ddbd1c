import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { resolveApplication } from '../../core/application/resolve-application.js';
import { TidewayError } from '../../core/errors.js';
import { fetchBound } from '../../core/project/check-fetch.js';
import { resolveProject } from '../../core/project/resolve-project.js';
import { renderRepoChartApp } from './render-repo-chart.js';
import { createKustomizeRenderer } from '../kustomize/index.js';
import { makeTgz } from './testing/make-tgz.js';

/** A real HTTP server on a loopback port serving `files` by path, recording each request. */
async function serve(files: Map<string, Uint8Array | string>): Promise<{ url: string; server: Server; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const body = files.get((req.url ?? '').replace(/^\//, ''));
    if (body === undefined) res.writeHead(404).end();
    else res.writeHead(200).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, hits };
}

/**
 * A Helm repository's index may name archives anywhere (another host): that download is a fetch of
 * its own, bounded by the app's project's sourceRepos as the repository itself is.
 */
describe('chart archives outside the Helm repository are bounded by the app project', () => {
  let cacheDir: string;
  let repo: Awaited<ReturnType<typeof serve>>;
  let elsewhere: Awaited<ReturnType<typeof serve>>;
  const archives = new Map<string, Uint8Array | string>();
  const index = new Map<string, Uint8Array | string>();

  before(async () => {
    cacheDir = await mkdtemp(path.join(os.tmpdir(), 'tideway-chart-bound-'));
    const tgz = (name: string) =>
      makeTgz([
        { name: `${name}/Chart.yaml`, body: `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n` },
        { name: `${name}/templates/cm.yaml`, body: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n` },
      ]);
    elsewhere = await serve(archives);
    repo = await serve(index);
    const local = await tgz('local');
    const remote = await tgz('remote');
    index.set('charts/local-1.0.0.tgz', local);
    archives.set('remote-1.0.0.tgz', remote);
    const digest = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    index.set(
      'index.yaml',
      `apiVersion: v1\nentries:\n  local:\n  - name: local\n    version: 1.0.0\n    digest: ${digest(local)}\n    urls: [charts/local-1.0.0.tgz]\n` +
        `  remote:\n  - name: remote\n    version: 1.0.0\n    digest: ${digest(remote)}\n    urls: [${elsewhere.url}/remote-1.0.0.tgz]\n`,
    );
  });
  after(async () => {
    repo.server.close();
    elsewhere.server.close();
    await rm(cacheDir, { recursive: true, force: true });
  });

  const app = (chart: string) =>
    resolveApplication({
      apiVersion: 'tideway.dev/v1alpha1',
      kind: 'Application',
      metadata: { name: chart },
      spec: { project: 'charts', source: { repoURL: repo.url, chart, targetRevision: '1.0.0' }, destination: { namespace: 'x' } },
    });
  const bound = (sourceRepos: string[]) =>
    fetchBound({
      project: resolveProject({ apiVersion: 'tideway.dev/v1alpha1', kind: 'Project', metadata: { name: 'charts' }, spec: { sourceRepos } }),
      origin: 'parent',
      protectedDirs: [],
    });

  test('an archive inside the repository needs nothing more than the repository itself', async () => {
    const { objects } = await renderRepoChartApp(app('local'), { cacheDir, fetchBound: bound([repo.url]) });
    assert.deepEqual(
      objects.map((o) => `${o.kind}/${o.metadata.name}`),
      ['ConfigMap/local'],
    );
  });

  test('an archive on a host outside sourceRepos is refused before it is downloaded', async () => {
    elsewhere.hits.length = 0;
    await assert.rejects(renderRepoChartApp(app('remote'), { cacheDir, fetchBound: bound([repo.url]) }), (error: unknown) => {
      assert.ok(error instanceof TidewayError);
      assert.equal(error.code, 'ProjectViolation');
      assert.match(
        error.message,
        /SourceRepo: remote 1\.0\.0 \(index\.yaml urls\): project "charts" does not allow "http:\/\/127\.0\.0\.1:\d+\/remote-1\.0\.0\.tgz" \(sourceRepos\)/,
      );
      return true;
    });
    assert.deepEqual(elsewhere.hits, [], 'the other host was never asked');
  });

  test("a kustomization's helmCharts repo outside sourceRepos is refused before it is asked", async () => {
    const root = await mkdtemp(path.join(cacheDir, 'kust-'));
    await mkdir(path.join(root, 'app'));
    await writeFile(
      path.join(root, 'app', 'kustomization.yaml'),
      `helmCharts:\n  - name: local\n    version: 1.0.0\n    repo: ${repo.url}\n`,
    );
    const previous = process.env.TIDEWAY_CACHE_DIR;
    process.env.TIDEWAY_CACHE_DIR = path.join(cacheDir, 'kust-cache');
    try {
      repo.hits.length = 0;
      await assert.rejects(
        createKustomizeRenderer().render({ root, path: 'app', fetchBound: bound(['https://charts.example.com/*']) }),
        (error: unknown) => {
          assert.ok(error instanceof TidewayError);
          assert.equal(error.code, 'ProjectViolation');
          assert.match(
            error.message,
            /SourceRepo: app\/kustomization\.yaml: helmCharts\[0\]\.repo: project "charts" does not allow "http:\/\/127\.0\.0\.1:\d+" \(sourceRepos\)/,
          );
          return true;
        },
      );
      assert.deepEqual(repo.hits, [], 'the chart repository was never asked');
      const objects = await createKustomizeRenderer().render({ root, path: 'app', fetchBound: bound([repo.url]) });
      assert.deepEqual(
        objects.map((o) => `${o.object.kind}/${o.object.metadata.name}`),
        ['ConfigMap/local'],
      );
    } finally {
      if (previous === undefined) delete process.env.TIDEWAY_CACHE_DIR;
      else process.env.TIDEWAY_CACHE_DIR = previous;
    }
  });

  test('an archive on a host sourceRepos allows is downloaded and rendered', async () => {
    const { objects } = await renderRepoChartApp(app('remote'), { cacheDir, fetchBound: bound([repo.url, `${elsewhere.url}/*`]) });
    assert.deepEqual(
      objects.map((o) => `${o.kind}/${o.metadata.name}`),
      ['ConfigMap/remote'],
    );
    assert.deepEqual(elsewhere.hits, ['/remote-1.0.0.tgz']);
  });
});
