import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import type { ObjectRef } from '../model/object-ref.js';
import { pruneWaves } from './prune-order.js';

const GROUPS: Record<string, string> = {
  Deployment: 'apps',
  Ingress: 'networking.k8s.io',
  CustomResourceDefinition: 'apiextensions.k8s.io',
  Widget: 'example.com',
};

/** `Kind/name`, or `Kind/name@wave` for an object whose live copy carries a sync wave. */
function ref(text: string): ObjectRef {
  const [kind, rest] = text.split('/');
  const [name, wave] = rest.split('@');
  if (wave !== undefined) WAVES.set(name, Number(wave));
  return { group: GROUPS[kind] ?? '', version: 'v1', kind, name };
}
const WAVES = new Map<string, number>();
const show = (r: ObjectRef) => `${r.kind}/${r.name}`;

const cases = parse(readFileSync(new URL('./testdata/prune-order.yaml', import.meta.url), 'utf8')) as Array<{
  name: string;
  gone: string[];
  waves: string[][];
}>;

describe('the prune order', () => {
  for (const c of cases) {
    test(c.name, () =>
      assert.deepEqual(
        pruneWaves(c.gone.map(ref), c.gone.some((g) => g.includes('@')) ? (r) => WAVES.get(r.name) ?? 0 : undefined).map((w) =>
          w.map(show),
        ),
        c.waves,
      ),
    );
  }
});
