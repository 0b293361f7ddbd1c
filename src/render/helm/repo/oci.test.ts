import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import bcrypt from 'bcryptjs';
import { loadChartArchive } from '../chart/load-dir.js';
import { makeTgz } from '../testing/make-tgz.js';
import { pushChart, registryBinary, startRegistry, type TestRegistry } from '../testing/registry.js';
import { parseOciRef } from './oci.js';
import { pullChart } from './pull-chart.js';

const chartTgz = (version: string) =>
  makeTgz([
    { name: 'web/Chart.yaml', body: `apiVersion: v2\nname: web\nversion: ${version}\n` },
    { name: 'web/templates/cm.yaml', body: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n' },
  ]);

describe('oci:// references', () => {
  test('split into registry, repository, chart and tag; loopback registries speak plain HTTP', () => {
    assert.deepEqual(parseOciRef('oci://ghcr.io/org/charts/web:1.2.3'), {
      base: 'https://ghcr.io',
      repository: 'org/charts/web',
      chart: 'web',
      tag: '1.2.3',
    });
    assert.deepEqual(parseOciRef('oci://127.0.0.1:5000/web'), {
      base: 'http://127.0.0.1:5000',
      repository: 'web',
      chart: 'web',
      tag: undefined,
    });
  });
});

const missing = registryBinary() === undefined;
const skip = missing ? (process.env.CI ? false : 'docker-registry is not installed (apt-get install docker-registry)') : false;

describe('charts from an OCI registry (a real docker-registry)', { skip }, () => {
  let registry: TestRegistry;
  let locked: TestRegistry;
  let cacheDir: string;
  const auth = `Basic ${Buffer.from('alice:pa55word').toString('base64')}`;

  before(async () => {
    cacheDir = await mkdtemp(path.join(os.tmpdir(), 'tideway-oci-cache-'));
    registry = await startRegistry();
    for (const v of ['0.1.0', '0.2.0', '1.0.0+build.1']) await pushChart(registry.host, 'charts/web', v, await chartTgz(v));
    locked = await startRegistry({ htpasswd: `alice:${bcrypt.hashSync('pa55word', 10)}\n` });
    await pushChart(locked.host, 'charts/web', '0.1.0', await chartTgz('0.1.0'), auth);
  });
  after(async () => {
    await registry?.stop();
    await locked?.stop();
    await rm(cacheDir, { recursive: true, force: true });
  });

  test('pulls the tag asked for, checks its digest and loads the chart', async () => {
    const pulled = await pullChart({ repoURL: `oci://${registry.host}/charts/web`, version: '0.1.0', cacheDir });
    assert.equal(pulled.version, '0.1.0');
    const chart = await loadChartArchive(await readFile(pulled.path), 'web.tgz');
    assert.equal(chart.metadata.version, '0.1.0');
  });

  test('a semver range picks the highest tag satisfying it (build metadata written with _)', async () => {
    assert.equal((await pullChart({ repoURL: `oci://${registry.host}/charts/web`, version: '^0.1.0', cacheDir })).version, '0.1.0');
    assert.equal((await pullChart({ repoURL: `oci://${registry.host}/charts/web`, version: '<1.0.0', cacheDir })).version, '0.2.0');
    assert.equal((await pullChart({ repoURL: `oci://${registry.host}/charts`, chart: 'web', cacheDir })).version, '1.0.0+build.1');
  });

  test('a tag that is not there is a clear error', async () => {
    await assert.rejects(pullChart({ repoURL: `oci://${registry.host}/charts/web`, version: '9.9.9', cacheDir }), /not found/);
  });

  test('basic credentials are sent to a registry that asks for them and never show in errors', async () => {
    const pulled = await pullChart({
      repoURL: `oci://${locked.host}/charts/web`,
      version: '0.1.0',
      cacheDir,
      creds: { username: 'alice', password: 'pa55word' },
    });
    assert.equal(pulled.version, '0.1.0');
    await assert.rejects(
      pullChart({
        repoURL: `oci://${locked.host}/charts/web`,
        version: '0.1.0',
        cacheDir: `${cacheDir}-2`,
        creds: { username: 'alice', password: 'nope-nope' },
      }),
      (e: Error) => /refused the credentials/.test(e.message) && !e.message.includes('nope-nope'),
    );
  });
});
