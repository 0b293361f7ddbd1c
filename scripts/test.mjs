#!/usr/bin/env node
// Runs every *.test.ts under src/, test/ and scripts/ with Node's test runner.
// End-to-end tests share one local control plane, started here once per run (see test/support/cluster.ts)
// unless TIDEWAY_TEST_KUBECONFIG points at one already running.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const filters = process.argv.slice(2);

function findTests(dir, out = []) {
  let entries = [];
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) findTests(full, out);
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const files = ['src', 'test', 'scripts'].flatMap((d) => findTests(path.join(root, d)))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

const needsCluster = files.some((f) => f.includes('.e2e.test.ts'));
let cluster;
if (needsCluster && !process.env.TIDEWAY_TEST_KUBECONFIG) {
  const { startTestCluster } = await import('./cluster/test-cluster.mjs');
  cluster = await startTestCluster();
  process.env.TIDEWAY_TEST_KUBECONFIG = cluster.kubeconfig;
}

const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit', cwd: root });
const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
if (cluster) await cluster.stop();
process.exit(code);
