import type { Manifest } from '../../core/model/manifest.js';
import { runTargetSuite } from '../target-suite.js';
import { createMemoryTarget } from './memory-target.js';

const configMap = (name: string, value: string): Manifest => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default' },
  data: { value },
});

runTargetSuite('memory', async () => {
  const target = createMemoryTarget();
  const ref = (name: string) => ({ group: '', version: 'v1', kind: 'ConfigMap', namespace: 'default', name });
  return {
    target,
    object: configMap,
    async changeLive(name, value) {
      target.edit(ref(name), (live) => ({ ...live, data: { value } }));
    },
    async liveValue(name) {
      const [live] = await target.getLive([ref(name)]);
      return (live?.data as { value?: string } | undefined)?.value;
    },
    app: (name) => ({ name, inventoryNamespace: 'default' }),
    async cleanup() {},
  };
});
