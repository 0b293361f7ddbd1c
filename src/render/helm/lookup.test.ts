import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ClusterReader, renderWithLookup } from './lookup.js';
import type { LookupFunction } from './render/render-chart.js';

/** A pure unit test: the cluster is a map here; the real reader is the Kubernetes target's client. */
const objects: Record<string, Record<string, unknown>> = {
  'v1/ConfigMap/app/settings': { kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'blue' } },
  'v1/Secret/app/token': { kind: 'Secret', metadata: { name: 'token' }, data: { t: 'c2VjcmV0' } },
  'v1/ConfigMap/other/x': { kind: 'ConfigMap', metadata: { name: 'x' } },
};
function reader(reads: string[]): ClusterReader {
  return {
    async get(a, k, ns, n) {
      reads.push(`${a}/${k}/${ns}/${n}`);
      return objects[`${a}/${k}/${ns}/${n}`];
    },
    async list(a, k, ns) {
      reads.push(`${a}/${k}/${ns}/*`);
      return Object.entries(objects)
        .filter(([p]) => p.startsWith(`${a}/${k}/${ns}/`))
        .map(([, o]) => o);
    },
  };
}

/** A "chart": asks for settings, then (depending on its answer) for another object. */
async function chart(lookup: LookupFunction): Promise<string> {
  const settings = lookup('v1', 'ConfigMap', 'app', 'settings') as { data?: { mode?: string } };
  const mode = settings.data?.mode ?? 'none';
  const next = mode === 'blue' ? lookup('v1', 'Secret', 'app', 'token') : {};
  const other = lookup('v1', 'ConfigMap', 'other', 'x');
  return `${mode} ${Object.keys(next).length > 0 ? 'secret' : 'no-secret'} ${Object.keys(other).length > 0 ? 'other' : 'no-other'}`;
}

describe('lookup against the destination cluster', () => {
  test('renders in passes until the lookups settle, reading only the app namespaces', async () => {
    const reads: string[] = [];
    const out = await renderWithLookup(chart, reader(reads), { namespaces: new Set(['app']), allowSecrets: true });
    assert.equal(out, 'blue secret no-other');
    assert.deepEqual(reads.sort(), ['v1/ConfigMap/app/settings', 'v1/Secret/app/token']);
  });

  test('never reads a Secret unless the app allows it', async () => {
    const reads: string[] = [];
    const out = await renderWithLookup(chart, reader(reads), { namespaces: '*', allowSecrets: false });
    assert.equal(out, 'blue no-secret other');
    assert.ok(!reads.some((r) => r.includes('Secret')));
  });
});
