// Runs scripts/cluster/test-cluster.mjs on other kube-apiserver builds than the 1.20 one build.sh makes:
// the 1.34 binaries of ../shared/kube/1.34 (see its README). test-cluster.mjs passes --insecure-port=0
// and --port=0, flags the 1.20 binaries need and newer ones refuse, so small shell shims drop them.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Flags test-cluster.mjs passes for the 1.20 binaries that newer ones refuse. */
const DROPPED_FLAGS = ['--insecure-port=0', '--port=0'];

/**
 * A directory to use as TIDEWAY_K8S_CACHE: `bin/kube-apiserver` and `bin/kube-controller-manager` are
 * shims that run the binaries in `binDir` without the flags above. `cleanup()` removes it.
 */
export function shimmedKubeCache(binDir) {
  const cache = mkdtempSync(path.join(os.tmpdir(), 'tideway-k8s-'));
  mkdirSync(path.join(cache, 'bin'));
  for (const name of ['kube-apiserver', 'kube-controller-manager']) {
    const shim = path.join(cache, 'bin', name);
    const dropped = DROPPED_FLAGS.map((f) => `[ "$a" = ${f} ] ||`).join(' ');
    writeFileSync(
      shim,
      `#!/bin/sh\nfor a in "$@"; do shift; ${dropped} set -- "$@" "$a"; done\nexec ${JSON.stringify(path.join(binDir, name))} "$@"\n`,
    );
    chmodSync(shim, 0o755);
  }
  return { dir: cache, cleanup: () => rmSync(cache, { recursive: true, force: true }) };
}

/** The shared 1.34 binaries (`<shared>/kube/1.34/*.xz`), unpacked into a temp dir; undefined when they are absent. */
export function unpackKube134(shared = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../shared')) {
  const from = path.join(shared, 'kube', '1.34');
  if (!existsSync(path.join(from, 'kube-apiserver.xz'))) return undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-k8s-1.34-'));
  for (const name of ['kube-apiserver', 'kube-controller-manager']) {
    const out = path.join(dir, name);
    execFileSync('sh', ['-c', `xz -dc "$1" > "$2"`, 'sh', path.join(from, `${name}.xz`), out]);
    chmodSync(out, 0o755);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
