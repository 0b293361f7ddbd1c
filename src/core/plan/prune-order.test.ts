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

function ref(text: string): ObjectRef {
  const [kind, name] = text.split('/');
  return { group: GROUPS[kind] ?? '', version: 'v1', kind, name };
}
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
        pruneWaves(c.gone.map(ref)).map((w) => w.map(show)),
        c.waves,
      ),
    );
  }
});
