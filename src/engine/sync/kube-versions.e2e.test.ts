/**
 * Where Kubernetes 1.20 and 1.34 answer differently, this says which behaviour belongs to which.
 * The run's control plane is one of them (scripts/test.mjs: 1.34 when available; .ci/run also runs
 * the sync, diff, prune and health files on 1.20), so each test checks the answer of that version.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createEngineFixture, deleteNamespace, getObject, testApp, uniqueName } from '../../../test/support/engine-fixture.js';
import { createTestRepo, type TestRepo } from '../../../test/support/git-repo.js';
import { testKubeVersion } from '../../../test/support/kube-version.js';
import { syncApplication } from './sync-app.js';

const serviceWithoutProtocol =
  'apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec:\n  selector: { app: web }\n  ports: [{ port: 80 }]\n';

describe('Kubernetes 1.20 and 1.34 differ', () => {
  const fx = createEngineFixture();
  const ns = uniqueName('versions');
  let repo: TestRepo | undefined;
  after(async () => {
    await deleteNamespace(fx.target, ns);
    repo?.remove();
    fx.close();
  });

  test('a Service port without protocol: 1.34 defaults it to TCP; 1.20 refuses it (HTTP 500) and Tideway says to add protocol: TCP', async () => {
    repo = createTestRepo({ 'manifests/svc.yaml': serviceWithoutProtocol });
    const result = await syncApplication(fx, testApp(uniqueName('noproto'), repo.dir, ns));
    const service = result.entries.find((e) => e.ref.kind === 'Service');
    if ((await testKubeVersion(fx.target)) === '1.34') {
      assert.equal(result.phase, 'Succeeded', result.message);
      assert.equal(service?.action, 'created');
      const live = await getObject(fx.target, `/api/v1/namespaces/${ns}/services/web`);
      assert.equal((live?.spec as { ports: { protocol: string }[] }).ports[0].protocol, 'TCP');
    } else {
      assert.equal(result.phase, 'Failed');
      assert.equal(service?.action, 'failed');
      assert.match(
        service?.message ?? '',
        /omits key field "protocol".*: this server \(1\.20\) requires spec\.ports\[\]\.protocol; add protocol: TCP/,
      );
    }
  });
});
