import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { APP_LABEL } from '../../core/inventory/ownership.js';
import type { Manifest } from '../../core/model/manifest.js';
import { testKubeconfigPath } from '../../../test/support/engine-fixture.js';
import { createTestNamespace, waitFor, type TestNamespace } from '../../../test/support/kube.js';
import type { ResourceInfo } from './resource-info.js';
import { createRestClient, type RestClient } from './rest-client.js';
import { createWatchCache } from './watch-cache.js';

/**
 * A TCP proxy in front of the real API server that the test can freeze (bytes from the client are
 * held, so requests stay in flight) and cut (every connection through it reset at once).
 */
async function cuttableProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let frozen = false;
  const held: Array<() => void> = [];
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    client.on('data', (chunk) => {
      if (frozen) held.push(() => upstream.write(chunk));
      else upstream.write(chunk);
    });
    upstream.pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => sockets.size / 2,
    freeze() {
      frozen = true;
    },
    /** Resets every connection (what the client sees when the server drops it) and lets new ones through. */
    cut() {
      for (const s of sockets) s.resetAndDestroy();
      sockets.clear();
      held.length = 0;
      frozen = false;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const configMaps: ResourceInfo = { group: '', version: 'v1', kind: 'ConfigMap', name: 'configmaps', namespaced: true };

describe('against the real API server', () => {
  let dir: string;
  let ns: TestNamespace;
  let proxy: Awaited<ReturnType<typeof cuttableProxy>>;
  let client: RestClient;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-recovery-'));
    ns = await createTestNamespace('recovery');
    const config = parse(readFileSync(testKubeconfigPath(), 'utf8')) as { clusters: Array<{ cluster: { server: string } }> };
    const real = new URL(config.clusters[0].cluster.server);
    proxy = await cuttableProxy(real);
    for (const c of config.clusters) c.cluster.server = `https://127.0.0.1:${proxy.port}`;
    writeFileSync(path.join(dir, 'kubeconfig'), stringify(config));
    client = createRestClient({ kubeconfig: path.join(dir, 'kubeconfig') });
  });
  after(async () => {
    client?.close();
    await proxy?.close();
    await ns?.delete();
    rmSync(dir, { recursive: true, force: true });
  });

  test('HTTP/2: requests in flight when the connection is reset are sent again on a new one, and all succeed', async () => {
    assert.equal((await client.request('GET', '/version')).status, 200);
    proxy.freeze();
    const pending = [
      client.request('GET', `/api/v1/namespaces/${ns.name}/configmaps`),
      client.request('GET', `/api/v1/namespaces/${ns.name}`),
      client.request('PATCH', `/api/v1/namespaces/${ns.name}/configmaps/applied`, {
        query: { fieldManager: 'tideway-test', force: 'true' },
        contentType: 'application/apply-patch+yaml',
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied', namespace: ns.name }, data: { a: '1' } },
      }),
    ];
    await new Promise((r) => setTimeout(r, 200)); // the three are on the wire, held by the proxy
    proxy.cut();
    const answers = await Promise.all(pending);
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200, 201],
    );
    assert.equal(proxy.connections(), 1, 'one new connection carries everything afterwards');
  });

  test('the watch cache never brings back an object deleted before the answer to its apply is put', async () => {
    const cache = createWatchCache(client);
    try {
      await cache.ensure(configMaps);
      const applied = await client.request<Manifest>('PATCH', `/api/v1/namespaces/${ns.name}/configmaps/gone`, {
        query: { fieldManager: 'tideway-test', force: 'true' },
        contentType: 'application/apply-patch+yaml',
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'gone', namespace: ns.name, labels: { [APP_LABEL]: 'race' } } },
      });
      assert.equal(applied.status, 201);
      await waitFor('the watch to deliver the object', () => cache.owned(configMaps, 'race', ns.name).length === 1);
      assert.equal((await client.request('DELETE', `/api/v1/namespaces/${ns.name}/configmaps/gone`)).status, 200);
      await waitFor('the watch to deliver the deletion', () => cache.owned(configMaps, 'race', ns.name).length === 0);
      cache.put(configMaps, applied.body); // the apply's answer, arriving late
      assert.deepEqual(cache.owned(configMaps, 'race', ns.name), []);
    } finally {
      cache.close();
    }
  });
});
