import { deleteNamespace, getObject, testKubeconfigPath, uniqueName } from '../../../test/support/engine-fixture.js';
import { runTargetSuite } from '../target-suite.js';
import { createKubernetesTarget } from './index.js';

runTargetSuite('kubernetes', async () => {
  const target = createKubernetesTarget({ kubeconfig: testKubeconfigPath() });
  const ns = uniqueName('contract');
  await target.ensureNamespace!(ns, {});
  const path = (name: string) => `/api/v1/namespaces/${ns}/configmaps/${name}`;
  return {
    target,
    object: (name, value) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data: { value } }),
    async changeLive(name, value) {
      // As `kubectl patch` does: another field manager takes the field over.
      const res = await target.client.request('PATCH', path(name), {
        query: { fieldManager: 'kubectl-patch' },
        body: { data: { value } },
        contentType: 'application/merge-patch+json',
      });
      if (res.status !== 200) throw new Error(`patch failed: HTTP ${res.status}`);
    },
    liveValue: async (name) => ((await getObject(target, path(name)))?.data as { value?: string } | undefined)?.value,
    app: (name) => ({ name, inventoryNamespace: ns }),
    async cleanup() {
      await deleteNamespace(target, ns);
      target.close();
    },
  };
});
