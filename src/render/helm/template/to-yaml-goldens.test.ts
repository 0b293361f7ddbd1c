/**
 * The redpanda-operator charts render whole objects with toYaml, so every document of their
 * `helm template` goldens in the corpus is go-yaml v2 output: read back with fromYaml and printed
 * with toYaml, each must come out byte for byte (block styles, quoting, folding, key order, numbers).
 * Corpus: TIDEWAY_HELM_CONFORMANCE or ../shared/conformance/helm; skipped with a message when absent.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readYaml } from './from-yaml.js';
import { marshalYaml } from './to-yaml.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const corpus = process.env.TIDEWAY_HELM_CONFORMANCE ?? path.resolve(repo, '../shared/conformance/helm');
const dir = path.join(corpus, 'helm/cases');

describe('toYaml against Helm goldens', () => {
  if (!existsSync(dir)) {
    test('the corpus is present', (t) => {
      if (process.env.CI) assert.fail(`corpus not found at ${corpus}`);
      t.skip(`corpus not found at ${corpus} (set TIDEWAY_HELM_CONFORMANCE)`);
    });
    return;
  }
  test('every document of the redpanda-family goldens prints back byte for byte', () => {
    const failures: string[] = [];
    let docs = 0;
    for (const f of readdirSync(dir).filter((n) => /^(redpanda|console|connectors|operator)-.*\.expected\.yaml$/.test(n))) {
      for (const raw of readFileSync(path.join(dir, f), 'utf8').split(/^---\n/m)) {
        const doc = raw.replace(/^# Source: .*\n/, '');
        if (!doc.trim()) continue;
        const value = readYaml(doc);
        if (!(value instanceof Map)) continue;
        docs++;
        const out = marshalYaml(value);
        if (out.trimEnd() !== doc.trimEnd()) failures.push(`${f}: ${doc.split('\n')[1] ?? ''}`);
      }
    }
    assert.ok(docs > 3000, `read ${docs} documents`);
    assert.deepEqual(failures, []);
  });
});
