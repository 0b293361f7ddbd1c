import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { createTestRepo } from '../../../test/support/git-repo.js';
import {
  createEngineFixture,
  deleteNamespace,
  getObject,
  testApp,
  testKubeconfigPath,
  uniqueName,
} from '../../../test/support/engine-fixture.js';
import { syncApplication } from '../../engine/sync/sync-app.js';
import { clusterFromSecret, findRegisteredCluster } from './cluster-secret.js';
import { createKubernetesTarget } from './index.js';
import { resolveKubeconfig } from './kubeconfig.js';

describe('clusters registered as Secrets', () => {
  test('a Secret without a server, with config that is not JSON, or with an exec provider is refused naming the field', () => {
    assert.throws(() => clusterFromSecret('c', { name: 'c' }), /cluster Secret c: server is missing/);
    assert.throws(() => clusterFromSecret('c', { server: 'https://x', config: '{' }), /config is not JSON/);
    assert.throws(
      () => clusterFromSecret('c', { server: 'https://x', config: JSON.stringify({ awsAuthConfig: { clusterName: 'x' } }) }),
      /config\.awsAuthConfig is not supported \(use execProviderConfig/,
    );
    const exec = (e: unknown) => ({ server: 'https://x', config: JSON.stringify({ execProviderConfig: e }) });
    for (const [bad, message] of [
      [{ apiVersion: 'client.authentication.k8s.io/v1' }, /execProviderConfig\.command is missing/],
      [{ command: 'x', apiVersion: 'v1' }, /execProviderConfig\.apiVersion must be client\.authentication\.k8s\.io/],
      [{ command: 'x', apiVersion: 'client.authentication.k8s.io/v1', args: 'a' }, /execProviderConfig\.args must be a list/],
      [{ command: 'x', apiVersion: 'client.authentication.k8s.io/v1', env: { A: 1 } }, /execProviderConfig\.env must map names/],
    ] as const)
      assert.throws(() => clusterFromSecret('c', exec(bad)), message);
    const parsed = clusterFromSecret(
      'c',
      exec({ command: 'aws', args: ['eks', 'get-token'], env: { AWS_PROFILE: 'p' }, apiVersion: 'client.authentication.k8s.io/v1beta1' }),
    );
    assert.equal(parsed.needsPlugin, true);
    assert.deepEqual(parsed.exec, {
      command: 'aws',
      args: ['eks', 'get-token'],
      env: [{ name: 'AWS_PROFILE', value: 'p' }],
      apiVersion: 'client.authentication.k8s.io/v1beta1',
    });
    const basic = clusterFromSecret('c', { server: 'https://x', config: JSON.stringify({ username: 'u', password: 'p' }) });
    assert.deepEqual([basic.username, basic.password, basic.needsPlugin], ['u', 'p', false]);
  });

  describe('against a real API server', () => {
    const fx = createEngineFixture();
    const namespaces: string[] = [];
    after(async () => {
      for (const ns of namespaces) await deleteNamespace(fx.target, ns);
      fx.close();
    });

    test('an app whose destination names a registered cluster syncs to it; an unknown name lists the registered ones', async () => {
      const registry = uniqueName('clusters');
      const ns = uniqueName('named');
      namespaces.push(registry, ns);
      assert.equal(
        (
          await fx.target.client.request('POST', '/api/v1/namespaces', {
            body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: registry } },
          })
        ).status,
        201,
      );
      // The test cluster registers itself, with the kubeconfig's server, CA and token, as Argo CD's Secrets hold them.
      const own = resolveKubeconfig({ kubeconfig: testKubeconfigPath() });
      assert.ok(own.token && own.ca, 'the test kubeconfig has a token and a CA');
      const config = JSON.stringify({ bearerToken: own.token, tlsClientConfig: { caData: own.ca!.toString('base64') } });
      const made = await fx.target.client.request('POST', `/api/v1/namespaces/${registry}/secrets`, {
        body: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'staging-cluster', labels: { 'tideway.dev/secret-type': 'cluster' } },
          stringData: { name: 'staging', server: own.server, config },
        },
      });
      assert.equal(made.status, 201);

      const resolved = await findRegisteredCluster(fx.target.client, registry, 'staging');
      assert.equal(resolved.server, own.server);
      const staging = createKubernetesTarget({ resolved });
      try {
        const repo = createTestRepo({
          'manifests/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hello\ndata:\n  a: "1"\n',
        });
        const app = testApp(uniqueName('named'), repo.dir, ns);
        const result = await syncApplication({ ...fx, target: staging }, { ...app, destination: { ...app.destination, name: 'staging' } });
        assert.equal(result.phase, 'Succeeded', result.message);
        assert.ok(await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/hello`));
        repo.remove();
      } finally {
        staging.close();
      }
      await assert.rejects(findRegisteredCluster(fx.target.client, registry, 'prod'), /no cluster named prod: .* \(registered: staging\)/);
    });

    test('a registered cluster whose credentials come from an exec plugin: the plugin runs and its token is used', async () => {
      const registry = uniqueName('clusters');
      const ns = uniqueName('exec');
      namespaces.push(registry, ns);
      await fx.target.client.request('POST', '/api/v1/namespaces', {
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: registry } },
      });
      const own = resolveKubeconfig({ kubeconfig: testKubeconfigPath() });
      // A real plugin, as client-go runs one: an ExecCredential on stdout, its input in KUBERNETES_EXEC_INFO.
      const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-exec-'));
      const plugin = path.join(dir, 'token-plugin.sh');
      const ran = path.join(dir, 'ran');
      writeFileSync(
        plugin,
        `#!/bin/sh\necho "$1 $PLUGIN_MODE" > "${ran}"\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$(cat "${dir}/token")"\n`,
        { mode: 0o700 },
      );
      writeFileSync(path.join(dir, 'token'), own.token!, { mode: 0o600 });
      const config = JSON.stringify({
        execProviderConfig: {
          command: plugin,
          args: ['--cluster=exec'],
          env: { PLUGIN_MODE: 'test' },
          apiVersion: 'client.authentication.k8s.io/v1',
        },
        tlsClientConfig: { caData: own.ca!.toString('base64') },
      });
      await fx.target.client.request('POST', `/api/v1/namespaces/${registry}/secrets`, {
        body: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'exec-cluster', labels: { 'tideway.dev/secret-type': 'cluster' } },
          stringData: { name: 'exec', server: own.server, config },
        },
      });
      const exec = createKubernetesTarget({ resolved: await findRegisteredCluster(fx.target.client, registry, 'exec') });
      try {
        const repo = createTestRepo({ 'manifests/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hello\n' });
        const app = testApp(uniqueName('exec'), repo.dir, ns);
        const result = await syncApplication({ ...fx, target: exec }, { ...app, destination: { ...app.destination, name: 'exec' } });
        assert.equal(result.phase, 'Succeeded', result.message);
        assert.ok(await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/hello`));
        assert.equal(readFileSync(ran, 'utf8').trim(), '--cluster=exec test');
        repo.remove();
      } finally {
        exec.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
