import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { resolveHealthCheckExprs } from '../../core/application/resolve-health-check-exprs.js';
import { ValidationProblems } from '../../core/application/validation-problems.js';
import { builtinHealthChecks, healthOf, withHealthChecks } from '../../core/health/index.js';
import type { Manifest } from '../../core/model/manifest.js';
import { celChecksFromText, celHealthChecks, loadCelHealthChecks } from './index.js';

const testdata = new URL('./testdata/', import.meta.url).pathname;
const checksFile = `${testdata}health-checks.yaml`;
const source = `${checksFile}: healthCheckExprs`;

function objects(): Manifest[] {
  const text = readFileSync(`${testdata}objects.yaml`, 'utf8');
  return parseAllDocuments(text).map((d) => {
    const o = d.toJS() as Manifest;
    if (o.spec && (o.spec as { items?: unknown }).items === 'ITEMS') o.spec = { items: Array.from({ length: 200 }, (_, i) => i) };
    return o;
  });
}

describe('CEL health checks in Flux shape', () => {
  const [file] = loadCelHealthChecks(checksFile);
  const table = withHealthChecks(builtinHealthChecks, celHealthChecks(file!.exprs, { source: file!.source }));

  for (const object of objects()) {
    const [status, message] = String(object.metadata.annotations!.expect).replaceAll('FILE', source).split('|');
    test(`${object.kind} ${object.metadata.name} is ${status}${message ? ` (${message})` : ''}`, () => {
      const got = healthOf(object, table);
      assert.equal(got.status, status, got.message);
      if (message?.endsWith(': ')) assert.ok(got.message?.startsWith(message), got.message);
      else assert.equal(got.message ?? '', message, got.message);
    });
  }

  test('an expression that would run for long is stopped by the policy CEL budget, reported Unknown', () => {
    const [entry] = celHealthChecks([{ apiVersion: 'x.io/v1', kind: 'K', current: 'spec.items.all(a, spec.items.all(b, a + b >= 0))' }], {
      source: 'heavy',
      limits: { maxCost: 10_000, timeoutMs: 5000 },
    });
    const got = entry!.check({
      apiVersion: 'x.io/v1',
      kind: 'K',
      metadata: { name: 'a' },
      spec: { items: Array.from({ length: 200 }, (_, i) => i) },
    });
    assert.deepEqual(got, {
      status: 'Unknown',
      message: 'Health expression heavy[0].current failed: cost limit exceeded (more than 10000 units)',
    });
  });

  test('evaluates inProgress, then failed, then current: the first true decides', () => {
    const [entry] = celHealthChecks([{ apiVersion: 'x.io/v1', kind: 'K', inProgress: 'true', failed: 'true', current: 'true' }], {
      source: 'order',
    });
    assert.equal(entry!.check({ apiVersion: 'x.io/v1', kind: 'K', metadata: { name: 'a' } }).status, 'Progressing');
    const [second] = celHealthChecks([{ apiVersion: 'x.io/v1', kind: 'K', inProgress: 'false', failed: 'true', current: 'true' }], {
      source: 'order',
    });
    assert.equal(second!.check({ apiVersion: 'x.io/v1', kind: 'K', metadata: { name: 'a' } }).status, 'Degraded');
  });

  test('a check is keyed by the group of its apiVersion and its kind, any version', () => {
    const [entry] = celHealthChecks([{ apiVersion: 'example.com/v1', kind: 'Widget', current: 'true' }], { source: 's' });
    assert.deepEqual([entry!.group, entry!.kind], ['example.com', 'Widget']);
    const table = withHealthChecks(builtinHealthChecks, [entry!]);
    assert.equal(healthOf({ apiVersion: 'example.com/v2', kind: 'Widget', metadata: { name: 'a' } }, table).status, 'Healthy');
  });

  test('an expression that does not compile is refused when the checks load, naming its field', () => {
    assert.throws(
      () => celHealthChecks([{ apiVersion: 'x.io/v1', kind: 'K', current: 'status.ready ==' }], { source: 'spec.healthCheckExprs' }),
      /spec\.healthCheckExprs\[0\]\.current: syntax error/,
    );
    assert.throws(
      () =>
        celHealthChecks([{ apiVersion: 'x.io/v1', kind: 'K', current: 'true', failed: 'object.x' }], { source: 'spec.healthCheckExprs' }),
      /spec\.healthCheckExprs\[0\]\.failed: .*object/,
    );
  });

  test('the same expression is compiled once, whatever app or file gives it', () => {
    const exprs = [{ apiVersion: 'x.io/v1', kind: 'K', current: 'has(status.cached)' }];
    const started = performance.now();
    for (let i = 0; i < 1000; i++) celHealthChecks(exprs, { source: `app-${i}` });
    assert.ok(performance.now() - started < 500, 'a thousand apps with the same expression take under 500 ms');
  });

  test('a file may hold the list at its top or in spec (a Flux Kustomization as is); other documents are skipped', () => {
    const text = [
      'apiVersion: v1\nkind: ConfigMap\ndata: {a: b}',
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nspec:\n  healthCheckExprs:\n    - {apiVersion: x.io/v1, kind: K, current: "true"}',
    ].join('\n---\n');
    assert.deepEqual(celChecksFromText('k.yaml', text), [
      {
        file: 'k.yaml',
        source: 'k.yaml (document 2): spec.healthCheckExprs',
        exprs: [{ apiVersion: 'x.io/v1', kind: 'K', current: 'true' }],
      },
    ]);
    assert.throws(
      () => celChecksFromText('bad.yaml', 'healthCheckExprs:\n  - {kind: K, current: 1}\n'),
      (err: Error) => {
        assert.match(
          err.message,
          /^bad\.yaml: healthCheckExprs\[0\]\.apiVersion: is required; healthCheckExprs\[0\]\.current: must be a string/,
        );
        return true;
      },
    );
  });

  test('spec.healthCheckExprs is validated field by field', () => {
    const problems = new ValidationProblems();
    resolveHealthCheckExprs([{ apiVersion: 'x/v1', kind: 'K', current: 'true', inprogress: 'x' }, 'no'], problems);
    assert.deepEqual(
      problems.errors.map((e) => e.message),
      [
        'spec.healthCheckExprs[0].inprogress: unknown field (expected one of: apiVersion, kind, current, inProgress, failed)',
        'spec.healthCheckExprs[1]: must be a mapping (got a string)',
      ],
    );
  });
});
