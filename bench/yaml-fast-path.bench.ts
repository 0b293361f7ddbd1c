/**
 * Do the hand-written YAML fast paths (block-yaml.ts, fast-yaml.ts) earn their place? A cold first
 * sync of 500 objects (`tideway sync`, a fresh process, empty repository, render and parse caches,
 * into a fresh namespace) with them and with the `yaml` library alone (TIDEWAY_BENCH_YAML_ONLY=1),
 * alternating, in the same run on the same control plane. Prints each median and the share of the
 * sync the fast paths save; the rule (issue 15): keep them only if they save at least 10%.
 *
 *   node --import tsx bench/yaml-fast-path.bench.ts [--repeat 7]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestRepo } from '../test/support/git-repo.js';
import { benchCluster } from './support/bench-cluster.js';
import { benchReport } from './support/results.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const repeat = process.argv.includes('--repeat') ? Number(process.argv[process.argv.indexOf('--repeat') + 1]) : 7;
const N = 500;

function manifests(n: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const name = `obj-${i}`;
    files[`manifests/${name}.yaml`] =
      i % 3 === 0
        ? `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  index: "${i}"\n`
        : i % 3 === 1
          ? `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  clusterIP: None\n  selector: { app: ${name} }\n  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: 8080\n`
          : `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: 1\n  selector: { matchLabels: { app: ${name} } }\n  template:\n    metadata: { labels: { app: ${name} } }\n    spec:\n      containers:\n      - name: main\n        image: nginx:1.25\n`;
  }
  return files;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  const { kubeconfig, stop } = await benchCluster();
  const cache = mkdtempSync(path.join(os.tmpdir(), 'tideway-yaml-bench-'));
  const repo = createTestRepo(manifests(N));
  const env: NodeJS.ProcessEnv = { ...process.env, KUBECONFIG: kubeconfig, TIDEWAY_CACHE_DIR: cache };
  delete env.NODE_EXTRA_CA_CERTS;
  const times: Record<'fast' | 'yaml', number[]> = { fast: [], yaml: [] };
  try {
    for (let r = 0; r < repeat; r++) {
      for (const mode of ['fast', 'yaml'] as const) {
        const ns = `yaml-bench-${mode}-${r}-${Date.now() % 100000}`;
        const app = path.join(cache, `${ns}.yaml`);
        writeFileSync(
          app,
          `apiVersion: tideway.dev/v1alpha1\nkind: Application\nmetadata: { name: yaml${r}${mode} }\nspec:\n  source: { repoURL: ${repo.dir}, targetRevision: main, path: manifests }\n  destination: { namespace: ${ns} }\n  syncPolicy: { automated: { prune: true }, syncOptions: [CreateNamespace=true] }\n`,
        );
        for (const d of ['git', 'renders']) rmSync(path.join(cache, d), { recursive: true, force: true });
        const t0 = performance.now();
        const res = spawnSync(process.execPath, [path.join(root, 'bin/tideway.js'), 'sync', '-f', app, '-o', 'json'], {
          env: { ...env, TIDEWAY_BENCH_YAML_ONLY: mode === 'yaml' ? '1' : '0' },
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        });
        const seconds = (performance.now() - t0) / 1000;
        if (res.status !== 0) throw new Error(`sync failed: ${res.stderr.slice(-1000)}`);
        times[mode].push(seconds);
      }
    }
    const fast = median(times.fast);
    const yaml = median(times.yaml);
    const saved = (yaml - fast) / yaml;
    const results = benchReport('YAML fast paths: a cold first sync of 500 objects with and without them');
    results.line(`cold first sync of ${N} objects, median of ${repeat} alternating runs each`);
    results.line(`  with the fast paths:  ${fast.toFixed(2)} s   (runs ${times.fast.map((t) => t.toFixed(2)).join(' ')})`);
    results.line(`  yaml library alone:   ${yaml.toFixed(2)} s   (runs ${times.yaml.map((t) => t.toFixed(2)).join(' ')})`);
    results.line(`  saved by the fast paths: ${(saved * 100).toFixed(1)}% of the sync (${((yaml - fast) * 1000).toFixed(0)} ms)`);
    results.save();
  } finally {
    repo.remove();
    rmSync(cache, { recursive: true, force: true });
    await stop();
  }
}

await main();
