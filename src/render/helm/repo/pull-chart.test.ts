import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeTgz } from '../testing/make-tgz.js';
import { pullChart } from './pull-chart.js';

/** A Helm repository served from memory on a loopback port: index.yaml and archives, optionally behind basic auth. */
async function serveRepo(files: Map<string, Uint8Array | string>, auth?: string): Promise<{ url: string; server: Server; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (auth && req.headers.authorization !== auth) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="charts"' }).end();
      return;
    }
    const body = files.get((req.url ?? '').replace(/^\//, ''));
    if (body === undefined) res.writeHead(404).end();
    else res.writeHead(200).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, hits };
}

const chartTgz = (version: string) =>
  makeTgz([
    { name: 'demo/Chart.yaml', body: `apiVersion: v2\nname: demo\nversion: ${version}\n` },
    { name: 'demo/templates/cm.yaml', body: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\n' },
  ]);

describe('charts from a Helm repository (index.yaml over HTTP)', () => {
  let cacheDir: string;
  const files = new Map<string, Uint8Array | string>();
  let repo: Awaited<ReturnType<typeof serveRepo>>;
  const digests: Record<string, string> = {};

  before(async () => {
    cacheDir = await mkdtemp(path.join(os.tmpdir(), 'tideway-helm-cache-'));
    const entries: string[] = [];
    for (const v of ['1.0.0', '1.2.0', '1.3.0-rc.1', '2.0.0']) {
      const tgz = await chartTgz(v);
      files.set(`charts/demo-${v}.tgz`, tgz);
      digests[v] = createHash('sha256').update(tgz).digest('hex');
      entries.push(`  - name: demo\n    version: ${v}\n    digest: ${digests[v]}\n    urls: [charts/demo-${v}.tgz]`);
    }
    files.set('index.yaml', `apiVersion: v1\nentries:\n  demo:\n${entries.join('\n')}\n`);
    repo = await serveRepo(files);
  });
  after(async () => {
    repo.server.close();
    await rm(cacheDir, { recursive: true, force: true });
  });

  const cases: [string | undefined, string][] = [
    ['1.2.0', '1.2.0'],
    ['^1.0.0', '1.2.0'],
    ['>=1.0.0 <3.0.0', '2.0.0'],
    [undefined, '2.0.0'],
    ['HEAD', '2.0.0'],
    ['>=1.3.0-0 <2.0.0', '1.3.0-rc.1'],
  ];
  for (const [wanted, got] of cases) {
    test(`targetRevision ${wanted ?? '(none)'} picks ${got}`, async () => {
      const pulled = await pullChart({ repoURL: repo.url, chart: 'demo', version: wanted, cacheDir });
      assert.equal(pulled.version, got);
      assert.equal(pulled.digest, `sha256:${digests[got]}`);
      assert.equal(
        createHash('sha256')
          .update(await readFile(pulled.path))
          .digest('hex'),
        digests[got],
      );
    });
  }

  test('a cached archive is not downloaded again', async () => {
    await pullChart({ repoURL: repo.url, chart: 'demo', version: '1.0.0', cacheDir });
    const before = repo.hits.filter((h) => h.endsWith('.tgz')).length;
    await pullChart({ repoURL: repo.url, chart: 'demo', version: '1.0.0', cacheDir });
    assert.equal(repo.hits.filter((h) => h.endsWith('.tgz')).length, before);
  });

  test('a version that is not there is a clear error', async () => {
    await assert.rejects(pullChart({ repoURL: repo.url, chart: 'demo', version: '9.x', cacheDir }), /version "9.x" not found/);
    await assert.rejects(pullChart({ repoURL: repo.url, chart: 'nope', cacheDir }), /chart "nope" not found/);
  });

  test('an archive whose digest differs from the index is refused', async () => {
    const tampered = new Map(files);
    tampered.set('charts/demo-1.2.0.tgz', await chartTgz('1.2.1'));
    const evil = await serveRepo(tampered);
    try {
      await assert.rejects(
        pullChart({ repoURL: evil.url, chart: 'demo', version: '1.2.0', cacheDir: `${cacheDir}-evil` }),
        /digest mismatch/,
      );
    } finally {
      evil.server.close();
      await rm(`${cacheDir}-evil`, { recursive: true, force: true });
    }
  });

  test('basic credentials are sent, and never appear in errors', async () => {
    const auth = `Basic ${Buffer.from('bob:s3cret-pw').toString('base64')}`;
    const locked = await serveRepo(files, auth);
    try {
      const pulled = await pullChart({
        repoURL: locked.url,
        chart: 'demo',
        version: '1.0.0',
        cacheDir,
        creds: { username: 'bob', password: 's3cret-pw' },
      });
      assert.equal(pulled.version, '1.0.0');
      await assert.rejects(
        pullChart({ repoURL: locked.url, chart: 'demo', version: '1.0.0', cacheDir, creds: { username: 'bob', password: 'wrong-pw' } }),
        (e: Error) => /HTTP 401/.test(e.message) && !e.message.includes('wrong-pw'),
      );
    } finally {
      locked.server.close();
    }
  });

  test('a response over the size limit and a server that does not answer are bounded', async () => {
    await assert.rejects(
      pullChart({
        repoURL: repo.url,
        chart: 'demo',
        version: '1.0.0',
        cacheDir: `${cacheDir}-small`,
        limits: { timeoutMs: 5000, maxBytes: 100 },
      }),
      /over the limit/,
    );
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      await assert.rejects(pullChart({ repoURL: url, chart: 'demo', cacheDir, limits: { timeoutMs: 300, maxBytes: 1024 } }), /timed out/);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
