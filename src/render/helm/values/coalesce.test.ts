import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Chart } from '../chart/chart.js';
import { emptyMetadata } from '../chart/metadata.js';
import { coalesceValues } from './coalesce.js';

function chart(name: string, values: Record<string, unknown>, deps: Chart[] = []): Chart {
  const c: Chart = {
    metadata: { ...emptyMetadata(), name, version: '1.0.0', apiVersion: 'v2' },
    templates: [],
    values,
    files: [],
    dependencies: deps,
  };
  for (const d of deps) d.parent = c;
  return c;
}

describe('values coalescing (chartutil.CoalesceValues)', () => {
  test('user values win over chart defaults and tables merge', () => {
    const c = chart('top', { a: 1, t: { x: 1, y: 2 } });
    assert.deepEqual(coalesceValues(c, { t: { y: 3 } }), { a: 1, t: { x: 1, y: 3 } });
  });

  test('a null deletes the key, also inside a table', () => {
    const c = chart('top', { a: 1, t: { x: 1, y: 2 } });
    assert.deepEqual(coalesceValues(c, { a: null, t: { x: null } }), { t: { y: 2 } });
  });

  test('a subchart gets its defaults under its name, parent values win', () => {
    const sub = chart('sub', { port: 80, name: 'sub' });
    const c = chart('top', { sub: { port: 8080 } }, [sub]);
    assert.deepEqual(coalesceValues(c, {}), { sub: { port: 8080, name: 'sub', global: {} } });
  });

  test('globals flow from the parent down to subcharts', () => {
    const sub = chart('sub', { global: { a: 'sub', b: 'sub' } });
    const c = chart('top', { global: { a: 'top' } }, [sub]);
    const v = coalesceValues(c, {});
    assert.deepEqual((v.sub as Record<string, unknown>).global, { a: 'top', b: 'sub' });
  });

  test('a scalar does not replace a table, and warns', () => {
    const warnings: string[] = [];
    const c = chart('top', { t: { x: 1 } });
    assert.deepEqual(
      coalesceValues(c, { t: 'scalar' }, (w) => warnings.push(w)),
      { t: 'scalar' },
    );
    const c2 = chart('top', { t: 'scalar' });
    assert.deepEqual(
      coalesceValues(c2, { t: { x: 1 } }, (w) => warnings.push(w)),
      { t: { x: 1 } },
    );
    assert.equal(warnings.length, 1);
  });
});
