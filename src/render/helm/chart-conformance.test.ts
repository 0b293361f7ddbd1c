import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { type ChartCase, canonicalDocuments, renderCase } from './testing/chart-case.js';
import { CORPUS_DEFECTS } from './testing/corpus-defects.js';

/**
 * The `helm template` chart cases of ../shared/conformance/helm (or TIDEWAY_HELM_CONFORMANCE), run
 * in process. Documents are compared as data, as the corpus's normalize.py compares them. Every case
 * passes except those listed in testing/corpus-defects.ts (goldens Helm cannot produce from the raw
 * case values, each with its evidence), which must still fail; the counts are printed.
 */
const root = process.env.TIDEWAY_HELM_CONFORMANCE ?? path.resolve(import.meta.dirname, '../../../../shared/conformance/helm');
const casesDir = path.join(root, 'helm', 'cases');
const present = existsSync(casesDir);
const filter = process.env.TIDEWAY_HELM_CASES ? new RegExp(process.env.TIDEWAY_HELM_CASES) : undefined;

async function runOne(c: ChartCase): Promise<string | undefined> {
  let out: string;
  try {
    out = await renderCase(c, root);
  } catch (error) {
    if (c.expectError) return undefined;
    return `failed: ${(error as Error).message.split('\n')[0].slice(0, 300)}`;
  }
  if (c.expectError) return 'rendered, but Helm fails on this case';
  const expected = readFileSync(path.join(casesDir, c.expect as string), 'utf8');
  let want: string[];
  let got: string[];
  try {
    want = canonicalDocuments(expected);
    got = canonicalDocuments(out);
  } catch (error) {
    return `output is not YAML: ${(error as Error).message.split('\n')[0]}`;
  }
  if (want.length !== got.length) return `documents differ (expected ${want.length}, got ${got.length})`;
  const missing = want.filter((d, i) => d !== got[i]);
  return missing.length === 0 ? undefined : `${missing.length} of ${want.length} documents differ`;
}

test('helm template chart cases of the conformance corpus', { timeout: 30 * 60 * 1000 }, async (t) => {
  if (!present) {
    if (process.env.CI) assert.fail(`the Helm conformance corpus is missing at ${root}`);
    t.skip(`the Helm conformance corpus is absent (${root}); set TIDEWAY_HELM_CONFORMANCE`);
    return;
  }
  const files = readdirSync(casesDir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const failures: Record<'plain' | 'gen', string[]> = { plain: [], gen: [] };
  const totals = { plain: 0, gen: 0 };
  for (const f of files) {
    const c = JSON.parse(readFileSync(path.join(casesDir, f), 'utf8')) as ChartCase;
    if (filter && !filter.test(c.name)) continue;
    const kind = c.name.includes('-gen-') ? 'gen' : 'plain';
    totals[kind]++;
    const why = await runOne(c);
    if (why !== undefined) failures[kind].push(`${c.name}: ${why}`);
  }
  const passedPlain = totals.plain - failures.plain.length;
  const passedGen = totals.gen - failures.gen.length;
  t.diagnostic(`chart cases: ${passedPlain}/${totals.plain} hand-written, ${passedGen}/${totals.gen} generated`);
  const failed = new Set([...failures.plain, ...failures.gen].map((f) => f.slice(0, f.indexOf(':'))));
  for (const f of [...failures.plain, ...failures.gen]) t.diagnostic(f);
  const unexpected = [...failures.plain, ...failures.gen].filter((f) => !Object.hasOwn(CORPUS_DEFECTS, f.slice(0, f.indexOf(':'))));
  const stale = Object.keys(CORPUS_DEFECTS).filter((name) => (!filter || filter.test(name)) && !failed.has(name));
  t.diagnostic(`corpus defects listed: ${Object.keys(CORPUS_DEFECTS).length}; failures outside the list: ${unexpected.length}`);
  assert.deepEqual(unexpected, [], 'chart cases fail that are not listed as corpus defects');
  assert.deepEqual(stale, [], 'cases listed as corpus defects now pass: remove them from testing/corpus-defects.ts');
});
