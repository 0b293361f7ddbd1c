import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadChart, renderChart } from '../index.js';

/** A chart case of the conformance corpus (`helm/cases/NAME.json`, README "Chart case format"). */
export interface ChartCase {
  name: string;
  chart: string;
  release?: string;
  namespace?: string;
  valuesFiles?: string[];
  set?: string[];
  setString?: string[];
  kubeVersion?: string;
  apiVersions?: string[];
  apiVersionsMode?: 'append' | 'replace';
  showOnly?: string[];
  includeCrds?: boolean;
  skipTests?: boolean;
  revision?: number;
  isUpgrade?: boolean;
  expect?: string;
  expectError?: boolean;
  expectErrorContains?: string;
}

/** Renders a case; `root` is the corpus root its relative paths start from. */
export async function renderCase(c: ChartCase, root: string): Promise<string> {
  const abs = (p: string) => (path.isAbsolute(p) ? p : path.join(root, p));
  const chart = await loadChart(abs(c.chart));
  const result = await renderChart(chart, {
    releaseName: c.release,
    namespace: c.namespace,
    values: {
      valueFiles: (c.valuesFiles ?? []).map((f) => ({ name: f, text: readFileSync(abs(f), 'utf8') })),
      set: c.set,
      setString: c.setString,
    },
    kubeVersion: c.kubeVersion,
    apiVersions: c.apiVersions,
    replaceApiVersions: c.apiVersionsMode === 'replace',
    // helm-unittest cases (apiVersionsMode replace): helm-unittest executes only the job's templates.
    executeOnlyShown: c.apiVersionsMode === 'replace',
    showOnly: c.showOnly,
    includeCrds: c.includeCrds,
    skipTests: c.skipTests,
    revision: c.revision,
    isUpgrade: c.isUpgrade,
  });
  return result.output;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v instanceof Date ? v.toISOString() : v;
}

/**
 * The corpus's normalize.py in TypeScript: every YAML document parsed (YAML 1.1, as PyYAML reads
 * it), empty ones dropped, each as canonical JSON with sorted keys, the list sorted.
 */
export function canonicalDocuments(text: string): string[] {
  const docs: string[] = [];
  for (const doc of parseAllDocuments(text, { version: '1.1', uniqueKeys: false, merge: true })) {
    if (doc.errors.length > 0) throw new Error(doc.errors[0].message);
    const v = doc.toJS({ maxAliasCount: -1 });
    if (v === null || v === undefined) continue;
    if ((typeof v === 'string' || Array.isArray(v)) && v.length === 0) continue;
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    docs.push(JSON.stringify(sortKeys(v)));
  }
  return docs.sort();
}

/** The `# Source:` paths in output order (for the order note). */
export function sourceOrder(text: string): string[] {
  const out: string[] = [];
  for (const chunk of text.split(/^---\s*$/m)) {
    const m = /^# Source: (.+?)\s*$/m.exec(chunk);
    if (m && chunk.split('\n').some((l) => l.trim() !== '' && !l.startsWith('#'))) out.push(m[1]);
  }
  return out;
}
