import assert from 'node:assert/strict';
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
      () => clusterFromSecret('c', { server: 'https://x', config: JSON.stringify({ execProviderConfig: { command: 'aws' } }) }),
      /config\.execProviderConfig is not supported/,
    );
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
  });
});
