// `npm run dev:cluster [-- --dir .tideway/dev-cluster]`: a local Kubernetes control plane (etcd,
// kube-apiserver, kube-controller-manager) for trying Tideway by hand. It prints the KUBECONFIG to
// export and runs until Ctrl-C. Without --dir its files live in a temp dir; with --dir the
// kubeconfig stays at <dir>/kubeconfig (the cluster itself still starts empty every time).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startTestCluster } from './cluster/test-cluster.mjs';

const { values } = parseArgs({
  options: { dir: { type: 'string' }, version: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log('usage: npm run dev:cluster [-- --dir <directory>] [--version 1.34|1.20]');
  console.log('  Kubernetes 1.34 by default when ../shared/kube/1.34 is there, else 1.20 (or TIDEWAY_TEST_KUBE_VERSION).');
  process.exit(0);
}

let cluster;
try {
  const { chooseKubeVersion } = await import('./cluster/kube-version.mjs');
  const version = (values.version ?? chooseKubeVersion().version) as '1.20' | '1.34';
  if (version !== '1.20' && version !== '1.34') throw new Error(`--version ${version}: must be 1.34 or 1.20`);
  process.stderr.write(`starting etcd, kube-apiserver and kube-controller-manager (Kubernetes ${version})...\n`);
  cluster = await startTestCluster({ dir: values.dir, signals: false, ownProcessGroups: true, version });
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}

const shown = path.relative(process.cwd(), cluster.kubeconfig).startsWith('..')
  ? cluster.kubeconfig
  : path.relative(process.cwd(), cluster.kubeconfig);
console.log(`export KUBECONFIG=${shown}`);
console.log(
  `# Kubernetes ${cluster.version} at ${cluster.server}, ready in ${(cluster.startedInMs / 1000).toFixed(1)} s; ` +
    `logs in ${cluster.dir}; no kubelet, so Pods never run; Ctrl-C stops it.`,
);

const running = cluster;
const stopOn = (signal: NodeJS.Signals) => new Promise<NodeJS.Signals>((resolve) => process.once(signal, () => resolve(signal)));
const outcome = await Promise.race([stopOn('SIGINT'), stopOn('SIGTERM'), running.exited]);
let code = 0;
if (typeof outcome === 'string') {
  process.stderr.write('\nstopping the control plane...\n');
  // A second Ctrl-C exits at once; the exit handler still kills the processes.
  process.once('SIGINT', () => process.exit(130));
} else {
  process.stderr.write(
    `${outcome.name} exited unexpectedly (code ${outcome.code}, signal ${outcome.signal}); log tail:\n${outcome.logTail}\n`,
  );
  code = 1;
}
await running.stop();
process.exit(code);
