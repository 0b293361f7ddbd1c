/**
 * Runs every case of the kustomize conformance corpus (kustomize's own tests and examples, with
 * kubectl kustomize v5.5.0 output) through the in-process renderer. Corpus location: env
 * TIDEWAY_KUSTOMIZE_CONFORMANCE, else <repo>/../shared/conformance/kustomize. When it is absent the
 * suite says so and skips — except under CI, where that is a failure.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RenderError } from '../../core/errors.js';
import { canonicalize, documentOrder } from './canonicalize.js';
import { createKustomizeRenderer, toYaml } from './index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const corpus = process.env.TIDEWAY_KUSTOMIZE_CONFORMANCE ?? path.resolve(repo, '../shared/conformance/kustomize');
const manifestFile = path.join(corpus, 'manifest.json');

interface Case {
  name: string;
  target: string;
  expect: 'ok' | 'error';
}

describe('kustomize conformance corpus', () => {
  if (!existsSync(manifestFile)) {
    test('corpus is present', (t) => {
      const message = `kustomize conformance corpus not found at ${corpus} (set TIDEWAY_KUSTOMIZE_CONFORMANCE)`;
      if (process.env.CI) assert.fail(message);
      t.skip(message);
    });
    return;
  }
  const cases = JSON.parse(readFileSync(manifestFile, 'utf8')) as Case[];
  const renderer = createKustomizeRenderer();

  test('has all 113 cases', () => {
    assert.equal(cases.length, 113);
  });

  for (const c of cases) {
    const caseRoot = path.join(corpus, 'cases', c.name);
    const exitStatus = readFileSync(path.join(corpus, 'cases', `${c.name}.exit-status`), 'utf8').trim();
    if (exitStatus !== '0') {
      test(`${c.name} fails to build, naming a file`, async () => {
        await assert.rejects(renderer.render({ root: caseRoot, path: c.target }), (err: unknown) => {
          assert.ok(err instanceof RenderError, `expected a RenderError, got ${String(err)}`);
          assert.ok(err.file, 'the error names a file');
          return true;
        });
      });
      continue;
    }
    test(`${c.name} renders what kustomize renders`, async () => {
      const objects = await renderer.render({ root: caseRoot, path: c.target });
      const got = toYaml(objects);
      const want = readFileSync(path.join(corpus, 'cases', `${c.name}.expected.yaml`), 'utf8');
      assert.equal(canonicalize(got), canonicalize(want));
      assert.deepEqual(documentOrder(got), documentOrder(want), 'document order (legacy sort or sortOptions)');
      assert.equal(got, want, 'byte for byte what kubectl kustomize printed');
    });
  }
});
