/**
 * Runs the template-level suites of the helm conformance corpus in process: Go text/template
 * (cases and parse), sprig and Helm's functions. Corpus: env TIDEWAY_HELM_CONFORMANCE, else
 * <repo>/../shared/conformance/helm. Absent: the suite says so and skips (fails under CI).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { judge, readCases, runCase } from './conformance-case.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const corpus = process.env.TIDEWAY_HELM_CONFORMANCE ?? path.resolve(repo, '../shared/conformance/helm');

const SUITES: [string, number][] = [
  ['gotemplate/cases.json', 412],
  ['gotemplate/parse.json', 140],
  ['sprig/cases.json', 363],
  ['helmfuncs/cases.json', 66],
];

describe('helm template conformance corpus', () => {
  if (!existsSync(path.join(corpus, 'gotemplate/cases.json'))) {
    test('corpus is present', (t) => {
      const message = `helm conformance corpus not found at ${corpus} (set TIDEWAY_HELM_CONFORMANCE)`;
      if (process.env.CI) assert.fail(message);
      t.skip(message);
    });
    return;
  }
  for (const [file, count] of SUITES) {
    test(`${file}: all ${count} cases pass`, () => {
      const cases = readCases(readFileSync(path.join(corpus, file), 'utf8'));
      assert.equal(cases.length, count, 'case count');
      const failures: string[] = [];
      for (const c of cases) {
        const why = judge(c, runCase(c));
        if (why) failures.push(`${c.name}: ${why}`);
      }
      assert.deepEqual(failures, [], `${cases.length - failures.length} of ${cases.length} pass`);
    });
  }
});
