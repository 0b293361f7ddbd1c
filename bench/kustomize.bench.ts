/**
 * Kustomize rendering benchmark: `node --import tsx bench/kustomize.bench.ts`
 *
 * (a) the 113 conformance cases rendered in process vs `kubectl kustomize` on each;
 * (b) a generated large overlay (a base of BENCH_OBJECTS objects, default 2000, under three overlay
 *     levels with patches and generators) rendered by a fresh Tideway process vs
 *     `kubectl kustomize`, outputs compared after normalisation.
 * The fresh Tideway process is timed twice: through tsx (node --import tsx
 * src/render/kustomize/cli-conformance.ts) and as an esbuild bundle of the same entry (written to a
 * temp dir), plus `node bin/tideway.js render` when BENCH_BIN=1.
 * Env: TIDEWAY_KUSTOMIZE_CONFORMANCE (corpus dir), BENCH_OBJECTS, BENCH_RUNS, BENCH_SKIP_CORPUS=1, BENCH_BIN=1.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalize } from '../src/render/kustomize/canonicalize.js';
import { createKustomizeRenderer, toYaml } from '../src/render/kustomize/index.js';
import { generateLargeOverlay } from './kustomize-large-overlay.js';
import { benchReport } from './support/results.js';

const results = benchReport('Kustomize: native render against kubectl kustomize');

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = process.env.TIDEWAY_KUSTOMIZE_CONFORMANCE ?? path.resolve(repo, '../shared/conformance/kustomize');

interface RunResult {
  // wall time of the whole process, start to exit
  ms: number;
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], cwd = repo): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        ms: performance.now() - start,
        code: code ?? 1,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      }),
    );
  });
}

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

async function corpusBenchmark(): Promise<void> {
  const manifest = path.join(corpus, 'manifest.json');
  if (!existsSync(manifest)) {
    results.line(`(a) skipped: no conformance corpus at ${corpus}`);
    return;
  }
  const cases = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; target: string }[];
  const renderer = createKustomizeRenderer();
  let failures = 0;
  const t0 = performance.now();
  for (const c of cases) {
    try {
      toYaml(await renderer.render({ root: path.join(corpus, 'cases', c.name), path: c.target }));
    } catch {
      failures++; // the error cases
    }
  }
  const ours = performance.now() - t0;
  let kubectl = 0;
  for (const c of cases) kubectl += (await run('kubectl', ['kustomize', path.join(corpus, 'cases', c.name, c.target)])).ms;
  results.line(`(a) ${cases.length} conformance cases (${failures} expected errors)`);
  results.line(`    tideway, in process:           ${fmt(ours)}  (${fmt(ours / cases.length)} per case)`);
  results.line(`    kubectl kustomize, per case:   ${fmt(kubectl)}  (${fmt(kubectl / cases.length)} per case)`);
  results.line(`    ratio: ${(kubectl / ours).toFixed(1)}x`);
}

async function largeOverlayBenchmark(): Promise<void> {
  const count = Number(process.env.BENCH_OBJECTS ?? 2000);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'tideway-kustomize-bench-'));
  try {
    const top = await generateLargeOverlay(tmp, count);
    const bundle = path.join(tmp, 'cli-conformance.mjs');
    const { build } = await import('esbuild');
    await build({
      entryPoints: [path.join(repo, 'src/render/kustomize/cli-conformance.ts')],
      outfile: bundle,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'warning',
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    });
    const runs: [string, string[]][] = [
      [
        'node --import tsx src/render/kustomize/cli-conformance.ts',
        ['--import', 'tsx', path.join(repo, 'src/render/kustomize/cli-conformance.ts'), top, '--root', tmp],
      ],
      ['node <esbuild bundle of cli-conformance.ts>', [bundle, top, '--root', tmp]],
    ];
    if (process.env.BENCH_BIN) runs.push(['node bin/tideway.js render', [path.join(repo, 'bin/tideway.js'), 'render', top, '--root', tmp]]);
    // The machine may be shared: each Tideway variant runs BENCH_RUNS times (default 3), the median counts.
    const repeat = Number(process.env.BENCH_RUNS ?? 3);
    const ours: [string, RunResult][] = [];
    for (const [label, args] of runs) {
      const results: RunResult[] = [];
      for (let i = 0; i < repeat; i++) {
        const r = await run('node', args);
        if (r.code !== 0) throw new Error(`${label} failed: ${r.stderr}`);
        results.push(r);
      }
      results.sort((a, b) => a.ms - b.ms);
      ours.push([`${label} (median of ${repeat})`, results[Math.floor(results.length / 2)]]);
    }
    const theirs = await run('kubectl', ['kustomize', top]);
    if (theirs.code !== 0) throw new Error(`kubectl kustomize failed: ${theirs.stderr}`);
    const want = canonicalize(theirs.stdout);
    const docs = theirs.stdout.split('\n---\n').length;
    results.line(
      `(b) large overlay: base of ${count} objects, 3 overlay levels, ${docs} objects out (${(theirs.stdout.length / 1e6).toFixed(1)} MB)`,
    );
    results.line(`    kubectl kustomize:  ${fmt(theirs.ms)}`);
    for (const [label, r] of ours) {
      const same = canonicalize(r.stdout) === want;
      results.line(
        `    ${label}:  ${fmt(r.ms)}  -> ${(theirs.ms / r.ms).toFixed(1)}x faster; same output after normalisation: ${same ? 'yes' : 'NO'}; byte-identical: ${r.stdout === theirs.stdout ? 'yes' : 'no'}`,
      );
      if (!same) process.exitCode = 1;
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

if (!process.env.BENCH_SKIP_CORPUS) await corpusBenchmark();
await largeOverlayBenchmark();
results.save();
