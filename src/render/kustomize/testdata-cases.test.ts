/**
 * Cases written from the kustomize documentation for features the conformance corpus does not
 * cover. Each directory under testdata/ is a kustomization; expected.yaml is what
 * `kubectl kustomize` (kustomize v5.5.0) printed for it (testdata/regen-expected.sh), or
 * expected-error.txt its error, with error-phrase.txt a part of it our error must contain too;
 * expected-warnings.txt holds the warnings it printed (deprecated fields), when it printed any.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RenderError } from '../../core/errors.js';
import { canonicalize, documentOrder } from './canonicalize.js';
import type { RenderWarning } from '../renderer.js';
import { createKustomizeRenderer, toYaml } from './index.js';

const testdata = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata');
const cases = readdirSync(testdata, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('kustomize cases from the documentation (testdata/)', () => {
  const renderer = createKustomizeRenderer();
  for (const name of cases) {
    const dir = path.join(testdata, name);
    const expected = path.join(dir, 'expected.yaml');
    if (existsSync(expected)) {
      test(`${name} renders what kubectl kustomize renders`, async () => {
        const warnings: RenderWarning[] = [];
        const got = toYaml(await renderer.render({ root: testdata, path: name, onWarning: (w) => warnings.push(w) }));
        const want = readFileSync(expected, 'utf8');
        const warned = path.join(dir, 'expected-warnings.txt');
        const wantWarnings = existsSync(warned) ? readFileSync(warned, 'utf8').split('\n').filter(Boolean) : [];
        assert.deepEqual(
          warnings.map((w) => w.message),
          wantWarnings,
          'the warnings kubectl kustomize printed, in its order',
        );
        for (const w of warnings) assert.match(w.file, new RegExp(`^${name}/(.*/)?kustomization\\.yaml$`), 'a warning names its file');
        assert.equal(canonicalize(got), canonicalize(want));
        assert.deepEqual(documentOrder(got), documentOrder(want), 'document order');
        assert.equal(got, want, 'byte for byte what kubectl kustomize printed');
      });
    } else {
      const phrase = readFileSync(path.join(dir, 'error-phrase.txt'), 'utf8').trim();
      test(`${name} fails as kubectl kustomize does (${phrase})`, async () => {
        assert.ok(
          readFileSync(path.join(dir, 'expected-error.txt'), 'utf8').includes(phrase),
          "the phrase is part of kustomize's own error",
        );
        await assert.rejects(renderer.render({ root: testdata, path: name }), (err: unknown) => {
          assert.ok(err instanceof RenderError, `expected a RenderError, got ${String(err)}`);
          assert.ok(err.message.includes(phrase), `"${err.message}" should mention "${phrase}"`);
          assert.ok(err.file, 'the error names a file');
          return true;
        });
      });
    }
  }
});
