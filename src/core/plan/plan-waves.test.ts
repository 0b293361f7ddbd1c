import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import type { Manifest } from '../model/manifest.js';
import type { ScopeOf } from './default-namespace.js';
import { planSync } from './plan-sync.js';
import type { PlannedWave } from './plan-waves.js';

interface Case {
  name: string;
  objects: Manifest[];
  waves?: string[];
  syncFail?: string[];
  skipped?: string[];
  postDelete?: string[];
  inventory?: string[];
  error?: string;
}

const cases = parse(readFileSync(new URL('./testdata/waves.yaml', import.meta.url), 'utf8')) as Case[];
const scopeOf: ScopeOf = (k) => (k.kind === 'Namespace' || k.kind === 'CustomResourceDefinition' ? 'Cluster' : 'Namespaced');
const show = (o: { kind: string; metadata?: { name: string }; name?: string }) => `${o.kind}/${o.metadata?.name ?? o.name}`;
const showWave = (w: PlannedWave) => {
  const objects = w.stages.flatMap((s) => s.objects.map(show)).join(' ');
  const hooks = w.hooks.map(show).join(' ');
  return `${w.phase} ${w.wave}:${objects ? ` ${objects}` : ''}${hooks ? ` | ${hooks}` : ''}`;
};

describe('the phases and waves of a sync', () => {
  for (const c of cases) {
    test(c.name, () => {
      const plan = () => planSync({ desired: c.objects, inventory: undefined, scopeOf, prune: true, allowEmpty: false });
      if (c.error) {
        assert.throws(plan, (e: Error & { code?: string }) => e.code === 'InvalidManifest' && e.message.startsWith(c.error!));
        return;
      }
      const p = plan();
      assert.deepEqual(p.waves.map(showWave), c.waves ?? []);
      assert.deepEqual(p.syncFail.map(showWave), c.syncFail ?? []);
      assert.deepEqual(p.skipped.map(show), c.skipped ?? []);
      assert.deepEqual(p.postDelete.map(show), c.postDelete ?? []);
      if (c.inventory) assert.deepEqual(p.nextInventory.map(show), c.inventory);
    });
  }
});
