/**
 * Helm rendering benchmark: `npm run bench:helm` (node --import tsx bench/helm.bench.ts)
 *
 * Renders kube-prometheus-stack (with grafana.enabled=false) and the redpanda chart with their default
 * values, in a fresh process (`node bin/tideway.js render --helm`) and in process, then renders the same
 * output as plain manifests (`node bin/tideway.js render DIR` on a directory holding it) in the same
 * run: prints both times, the ratio (Helm templating over plain parsing) and peak memory (max RSS of
 * each process, from /usr/bin/time; the heap high-water mark in process). Appends to bench/RESULTS.md.
 *
 * The corpus copy of kube-prometheus-stack lacks three subcharts its Chart.yaml names
 * (kube-state-metrics, prometheus-node-exporter, prometheus-windows-exporter; `helm template` refuses
 * it as is), so the benchmark renders a temporary copy with those three dependencies left out and their
 * features turned off (kubeStateMetrics, nodeExporter, windowsMonitoring).
 * Env: BENCH_RUNS (default 5), TIDEWAY_HELM_CHARTS, TIDEWAY_HELM_CONFORMANCE.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { parseManifests } from '../src/render/parse-manifests.js';
import { loadChart, renderChart } from '../src/render/helm/index.js';
import { benchReport } from './support/results.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const charts = process.env.TIDEWAY_HELM_CHARTS ?? path.resolve(repo, '../shared/conformance/helm-charts');
const corpus = process.env.TIDEWAY_HELM_CONFORMANCE ?? path.resolve(repo, '../shared/conformance/helm');
const runs = Number(process.env.BENCH_RUNS ?? '5');
const bin = path.join(repo, 'bin/tideway.js');
const hasTime = existsSync('/usr/bin/time');

interface Run {
  ms: number;
  code: number;
  stdout: string;
  stderr: string;
  maxRssKb?: number;
}

function run(args: string[]): Promise<Run> {
  const cmd = hasTime ? '/usr/bin/time' : process.execPath;
  const full = hasTime ? ['-f', '%M', process.execPath, ...args] : args;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(cmd, full, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString();
      const rss = hasTime ? Number(stderr.trim().split('\n').pop()) : undefined;
      resolve({ ms: performance.now() - start, code: code ?? 1, stdout: Buffer.concat(out).toString(), stderr, maxRssKb: rss });
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const mb = (kb: number | undefined) => (kb === undefined || Number.isNaN(kb) ? 'n/a' : `${(kb / 1024).toFixed(0)} MB`);

interface Subject {
  name: string;
  dir: string;
  args: string[];
  options: Parameters<typeof renderChart>[1];
}

async function benchOne(s: Subject, out: string[]): Promise<void> {
  // Warm up (the bundle's code cache), then time the fresh-process render.
  const warm = await run([bin, 'render', '--helm', s.dir, ...s.args]);
  if (warm.code !== 0) throw new Error(`${s.name}: render failed: ${warm.stderr.slice(0, 500)}`);
  const helmRuns: Run[] = [];
  for (let i = 0; i < runs; i++) helmRuns.push(await run([bin, 'render', '--helm', s.dir, ...s.args]));
  const plainDir = await mkdtemp(path.join(os.tmpdir(), 'tideway-helm-plain-'));
  try {
    await writeFile(path.join(plainDir, 'manifests.yaml'), warm.stdout);
    await run([bin, 'render', plainDir, '--root', plainDir]);
    const plainRuns: Run[] = [];
    for (let i = 0; i < runs; i++) plainRuns.push(await run([bin, 'render', plainDir, '--root', plainDir]));
    // In process: load + render, and the plain parse of the same output.
    const inHelm: number[] = [];
    const inPlain: number[] = [];
    let heapPeak = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const chart = await loadChart(s.dir);
      const result = await renderChart(chart, s.options);
      inHelm.push(performance.now() - t0);
      heapPeak = Math.max(heapPeak, process.memoryUsage().rss);
      const t1 = performance.now();
      parseManifests(result.output, 'manifests.yaml');
      inPlain.push(performance.now() - t1);
    }
    const docs = (warm.stdout.match(/^# Source: /gm) ?? []).length;
    const fh = median(helmRuns.map((r) => r.ms));
    const fp = median(plainRuns.map((r) => r.ms));
    const ih = median(inHelm);
    const ip = median(inPlain);
    const lines = [
      `${s.name}: ${docs} documents, ${(warm.stdout.length / 1024).toFixed(0)} KiB of YAML (median of ${runs} runs)`,
      `  fresh process: helm render ${fmt(fh)} (max RSS ${mb(Math.max(...helmRuns.map((r) => r.maxRssKb ?? Number.NaN)))}), plain manifests ${fmt(fp)} (max RSS ${mb(Math.max(...plainRuns.map((r) => r.maxRssKb ?? Number.NaN)))}), ratio ${(fh / fp).toFixed(2)}x`,
      `  in process:    helm render ${fmt(ih)}, plain parse ${fmt(ip)}, ratio ${(ih / ip).toFixed(2)}x, process RSS peak ${(heapPeak / 1024 / 1024).toFixed(0)} MB`,
    ];
    for (const l of lines) console.log(l);
    out.push(...lines);
  } finally {
    await rm(plainDir, { recursive: true, force: true });
  }
}

/** grafana is not in the corpus copy (its README), nor the three subcharts the copy lacks: their features off. */
const KPS_SET = 'grafana.enabled=false,kubeStateMetrics.enabled=false,nodeExporter.enabled=false,windowsMonitoring.enabled=false';

async function main(): Promise<void> {
  if (!existsSync(charts)) {
    console.log(`skipped: no public charts at ${charts}`);
    return;
  }
  const kps = await mkdtemp(path.join(os.tmpdir(), 'tideway-kps-'));
  const out: string[] = [];
  try {
    await cp(path.join(charts, 'kube-prometheus-stack'), kps, { recursive: true });
    const chartYaml = parseDocument(await readFile(path.join(kps, 'Chart.yaml'), 'utf8'));
    const missing = ['kube-state-metrics', 'prometheus-node-exporter', 'prometheus-windows-exporter'];
    const deps = (chartYaml.toJS().dependencies ?? []) as { name: string }[];
    chartYaml.set(
      'dependencies',
      deps.filter((d) => !missing.includes(d.name)),
    );
    await writeFile(path.join(kps, 'Chart.yaml'), chartYaml.toString());
    const subjects: Subject[] = [
      {
        name: 'kube-prometheus-stack 88.5.3 (grafana.enabled=false)',
        dir: kps,
        args: ['--set', KPS_SET],
        options: { values: { set: [KPS_SET] } },
      },
    ];
    const redpanda = path.join(corpus, 'helm/charts/redpanda-419ebdd/redpanda');
    if (existsSync(redpanda))
      subjects.push({
        name: 'redpanda (redpanda-419ebdd, default values)',
        dir: redpanda,
        args: ['--kube-version', '1.99.0'],
        options: { kubeVersion: '1.99.0' },
      });
    for (const s of subjects) await benchOne(s, out);
  } finally {
    await rm(kps, { recursive: true, force: true });
  }
  const results = benchReport('Helm: chart render against its output as plain manifests');
  for (const line of out) results.line(line);
  results.save();
}

await main();
