/**
 * Runs one template-level case of the helm conformance corpus (gotemplate, parse, sprig,
 * helmfuncs; format in the corpus README): plain text/template semantics, no Helm engine behaviour.
 * Shared by the case runner command (conformance-cli.ts) and the in-process test.
 */
import { createTemplateSet, readJson } from './index.js';
import { nodeString } from './nodes.js';
import { parse } from './parse.js';
import type { Value } from './value.js';

export interface CorpusCase {
  name: string;
  funcs: 'builtin' | 'sprig' | 'helm';
  template: string;
  data: Value;
  expect?: string;
  expectError?: boolean;
  expectErrorContains?: string;
  templates?: [string, string][];
  templateName?: string;
  execute?: string;
  delims?: [string, string];
  missingkey?: 'default' | 'zero' | 'error';
  parseOnly?: boolean;
  expectParseOk?: boolean;
  treeString?: string;
}

export type CaseResult = { ok: true; output: string } | { ok: false; error: string };

/**
 * Reads a corpus file (one case or an array of cases) keeping Go's int/float distinction in `data`.
 */
export function readCases(text: string): CorpusCase[] {
  const v = readJson(text, { ints: true });
  const list = Array.isArray(v) ? v : [v];
  return list.map((c) => {
    const m = c as Map<string, Value>;
    const plain = (x: Value): unknown => {
      if (x instanceof Map) return Object.fromEntries([...x].map(([k, y]) => [k, plain(y)]));
      if (Array.isArray(x)) return x.map(plain);
      return x;
    };
    const out: Record<string, unknown> = {};
    for (const [k, x] of m) out[k] = k === 'data' ? x : plain(x);
    return out as unknown as CorpusCase;
  });
}

/** parse_test.go lowers text/template's parenthesis nesting limit to 3 for its parse cases. */
const PARSE_SUITE_PAREN_DEPTH = 3;

export function runCase(c: CorpusCase, env: Record<string, string> = {}): CaseResult {
  const set = createTemplateSet({
    funcs: c.funcs,
    delims: c.delims,
    missingkey: c.missingkey,
    hooks: { env: (name) => env[name] },
    limits: c.parseOnly ? { maxParenDepth: PARSE_SUITE_PAREN_DEPTH } : {},
  });
  const name = c.templateName ?? 'test';
  try {
    set.parse(name, c.template);
    for (const [n, text] of c.templates ?? []) set.parse(n, text);
    if (c.parseOnly) return { ok: true, output: treeString(c) };
    return { ok: true, output: set.execute(c.execute ?? name, c.data) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Go's Tree.Root.String() with text printed as %q, for PARSE_TREE=1. */
function treeString(c: CorpusCase): string {
  const set = createTemplateSet({ funcs: c.funcs });
  const names = new Set(['printf']);
  const trees = parse(c.templateName ?? 'test', c.template, {
    leftDelim: '{{',
    rightDelim: '}}',
    hasFunction: (n) => names.has(n) || set.has(n) || true,
    maxParenDepth: PARSE_SUITE_PAREN_DEPTH,
  });
  const tree = trees.get(c.templateName ?? 'test');
  return tree ? nodeString(tree.root, true) : '';
}

/** Did the case pass? (What run.sh checks, plus expectErrorContains as STRICT_ERRORS=1 does.) */
export function judge(c: CorpusCase, r: CaseResult, strictErrors = true): string | undefined {
  if (c.expectError) {
    if (r.ok) return 'expected an error, got none';
    if (strictErrors && c.expectErrorContains && !r.error.includes(c.expectErrorContains))
      return `error ${JSON.stringify(r.error)} lacks ${JSON.stringify(c.expectErrorContains)}`;
    return undefined;
  }
  if (!r.ok) return `error: ${r.error}`;
  if (c.parseOnly) return undefined;
  if (r.output !== c.expect) return `output ${JSON.stringify(r.output)}, want ${JSON.stringify(c.expect)}`;
  return undefined;
}
