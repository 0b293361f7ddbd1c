import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * The import rules of the code base, checked on every file under src/:
 * - no import cycle between files, nor between the folders of any one directory;
 * - src/core is pure: it imports nothing outside src/core, no `node:*` module, and only the pure
 *   libraries listed below.
 * Type-only imports count: a type that two folders both need belongs in the lower one.
 */

const SRC = path.dirname(fileURLToPath(import.meta.url));
/** Browser code: its own tsconfig (no Node types); it imports only itself and these UI libraries. */
const BROWSER_DIR = 'dashboard/web/';
const BROWSER_PACKAGES = new Set(['preact', 'htm']);
/** Libraries the core may use: pure functions over data, no I/O. */
const CORE_PACKAGES = new Set(['yaml', 'diff', 'picomatch']);

interface SourceFile {
  /** Path relative to src/, with forward slashes. */
  file: string;
  /** Files under src/ it imports (relative to src/). */
  local: string[];
  /** Bare specifiers: packages and node:* modules. */
  external: string[];
}

function listFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'testdata') listFiles(full, out);
    } else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function resolveLocal(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), `${base}.ts`, path.join(base, 'index.ts')]) {
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      /* try the next form */
    }
  }
  return undefined;
}

function readGraph(): SourceFile[] {
  return listFiles(SRC).map((full) => {
    const info = ts.preProcessFile(readFileSync(full, 'utf8'), true, true);
    const local: string[] = [];
    const external: string[] = [];
    for (const { fileName } of info.importedFiles) {
      if (fileName.startsWith('.')) {
        const target = resolveLocal(full, fileName);
        if (target?.startsWith(SRC)) local.push(rel(target));
        else if (!target) throw new Error(`${rel(full)}: cannot resolve import '${fileName}'`);
      } else external.push(fileName);
    }
    return { file: rel(full), local, external };
  });
}

function rel(full: string): string {
  return path.relative(SRC, full).split(path.sep).join('/');
}

const isTest = (file: string) => /\.test\.tsx?$/.test(file) || file.includes('/testdata/');

/** Strongly connected components with more than one node (or a self-loop): the cycles. */
function cycles(nodes: string[], edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || edges.get(v)?.has(v)) found.push(component.sort());
    }
  };
  for (const n of nodes) if (!indices.has(n)) visit(n);
  return found;
}

/** For directory `dir`, the node a file belongs to: its immediate subfolder, or the file itself when it lies directly in `dir`. */
function folderNode(dir: string, file: string): string | undefined {
  const prefix = dir === '' ? '' : `${dir}/`;
  if (!file.startsWith(prefix)) return undefined;
  const rest = file.slice(prefix.length);
  const slash = rest.indexOf('/');
  return slash < 0 ? file : `${prefix}${rest.slice(0, slash)}/`;
}

describe('architecture', () => {
  const graph = readGraph();
  const code = graph.filter((f) => !isTest(f.file));

  test('no two source files import each other, directly or through others', () => {
    const edges = new Map(code.map((f) => [f.file, new Set(f.local.filter((l) => !isTest(l)))]));
    assert.deepEqual(cycles([...edges.keys()], edges), []);
  });

  test('no two folders of one directory import each other, directly or through others', () => {
    const dirs = new Set<string>(['']);
    for (const f of code) {
      const parts = f.file.split('/');
      for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
    }
    const problems: string[] = [];
    for (const dir of dirs) {
      const edges = new Map<string, Set<string>>();
      for (const f of code) {
        const from = folderNode(dir, f.file);
        if (!from) continue;
        for (const l of f.local) {
          const to = folderNode(dir, l);
          if (!to || to === from || isTest(l)) continue;
          if (!edges.has(from)) edges.set(from, new Set());
          edges.get(from)!.add(to);
        }
      }
      for (const c of cycles([...edges.keys()], edges).filter((c) => c.some((n) => n.endsWith('/'))))
        problems.push(`${dir || 'src'}: ${c.join(' <-> ')}`);
    }
    assert.deepEqual(problems, []);
  });

  test('browser code imports nothing outside src/dashboard/web but preact and htm, and no server code imports it', () => {
    const problems: string[] = [];
    for (const f of graph) {
      const inBrowser = f.file.startsWith(BROWSER_DIR);
      for (const l of f.local) if (inBrowser !== l.startsWith(BROWSER_DIR)) problems.push(`${f.file} imports ${l}`);
      if (!inBrowser) continue;
      for (const e of f.external) {
        const pkg = e.split('/')[0];
        if (!BROWSER_PACKAGES.has(pkg)) problems.push(`${f.file} imports ${e}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  test('the core imports nothing outside src/core, no node:* module and only pure libraries', () => {
    const problems: string[] = [];
    for (const f of graph.filter((g) => g.file.startsWith('core/'))) {
      const test = isTest(f.file);
      for (const l of f.local) if (!l.startsWith('core/')) problems.push(`${f.file} imports ${l}`);
      for (const e of f.external) {
        const pkg = e.startsWith('@') ? e.split('/').slice(0, 2).join('/') : e.split('/')[0];
        if (test && (pkg.startsWith('node:') || pkg === 'yaml')) continue; // tests read their fixtures
        if (!CORE_PACKAGES.has(pkg)) problems.push(`${f.file} imports ${e}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
