#!/usr/bin/env node
// Runs every *.test.ts under src/, test/ and scripts/ with Node's test runner.
// End-to-end tests share one local control plane, started here once per run (see test/support/cluster.ts)
// unless TIDEWAY_TEST_KUBECONFIG points at one already running.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const filters = process.argv.slice(2);

function findTests(dir, out = []) {
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) findTests(full, out);
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const files = ['src', 'test', 'scripts']
  .flatMap((d) => findTests(path.join(root, d)))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

// The command-line tests run bin/tideway.js as users do: build the bundle it runs first, so they
// test the current sources through it (and through V8's code cache), never a stale one.
const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const needsCluster = files.some((f) => f.includes('.e2e.test.ts'));
let cluster;
if (needsCluster && !process.env.TIDEWAY_TEST_KUBECONFIG) {
  // First run on a machine: build kube-apiserver/kube-controller-manager and install etcd (cached).
  const cacheBin = path.join(process.env.TIDEWAY_K8S_CACHE ?? path.join(os.homedir(), '.cache/tideway/k8s'), 'bin');
  if (!existsSync(path.join(cacheBin, 'kube-apiserver')) || !existsSync(path.join(cacheBin, 'kube-controller-manager'))) {
    console.error('tests: the local control plane is not built yet; building it once (about 5 minutes): bash scripts/cluster/build.sh');
    const built = spawnSync('bash', [path.join(root, 'scripts/cluster/build.sh')], { stdio: 'inherit' });
    if (built.status !== 0) process.exit(built.status ?? 1);
  }
  const { startTestCluster } = await import('./cluster/test-cluster.mjs');
  cluster = await startTestCluster();
  process.env.TIDEWAY_TEST_KUBECONFIG = cluster.kubeconfig;
}

const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit', cwd: root });
const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
if (cluster) await cluster.stop();
process.exit(code);
