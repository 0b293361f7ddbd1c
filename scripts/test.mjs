#!/usr/bin/env node
// Runs every *.test.ts under src/, test/ and scripts/ with Node's test runner.
// End-to-end tests share one local control plane, started here once per run (see test/support/cluster.ts)
// unless TIDEWAY_TEST_KUBECONFIG points at one already running: Kubernetes 1.34 when its binaries are
// beside the project (../shared/kube/1.34), else 1.20; TIDEWAY_TEST_KUBE_VERSION=1.20 or 1.34 picks one.
// Tests read the running version from TIDEWAY_TEST_KUBE_VERSION (see test/support/kube-version.ts).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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
  // 1.34 when ../shared/kube/1.34 is there (or TIDEWAY_TEST_KUBE_VERSION says which), else 1.20.
  const { chooseKubeVersion, kubeBinDir } = await import('./cluster/kube-version.mjs');
  const { version, reason } = chooseKubeVersion();
  console.error(`tests: end-to-end tests run against Kubernetes ${version} (${reason})`);
  if (version === '1.20') {
    // First run on a machine: build kube-apiserver/kube-controller-manager and install etcd (cached).
    const cacheBin = kubeBinDir('1.20');
    if (!existsSync(path.join(cacheBin, 'kube-apiserver')) || !existsSync(path.join(cacheBin, 'kube-controller-manager'))) {
      console.error('tests: the local control plane is not built yet; building it once (about 5 minutes): bash scripts/cluster/build.sh');
      const built = spawnSync('bash', [path.join(root, 'scripts/cluster/build.sh')], { stdio: 'inherit' });
      if (built.status !== 0) process.exit(built.status ?? 1);
    }
  }
  const { startTestCluster } = await import('./cluster/test-cluster.mjs');
  cluster = await startTestCluster({ version });
  process.env.TIDEWAY_TEST_KUBECONFIG = cluster.kubeconfig;
  process.env.TIDEWAY_TEST_KUBE_VERSION = version;
}

const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit', cwd: root });
const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
if (cluster) await cluster.stop();
process.exit(code);
