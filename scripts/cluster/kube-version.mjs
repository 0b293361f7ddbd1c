// Which Kubernetes the local control plane runs, and where its binaries are.
//
// 1.20: kube-apiserver and kube-controller-manager built from Debian's source by build.sh, in
//       <cache>/bin (cache: TIDEWAY_K8S_CACHE, default ~/.cache/tideway/k8s).
// 1.34: prebuilt v1.34.2 binaries, xz-compressed, beside the project in ../shared/kube/1.34 (or
//       TIDEWAY_KUBE_1_34_DIR); unpacked once into <cache>/1.34/bin, each checked against the
//       folder's SHA256SUMS before it is put in place.
//
// TIDEWAY_TEST_KUBE_VERSION picks one (1.20 or 1.34); by default 1.34 when its folder is there,
// else 1.20. Plain ESM JavaScript: scripts/test.mjs loads it without a TypeScript loader.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const KUBE_VERSIONS = ['1.20', '1.34'];

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

export function k8sCacheDir(env = process.env) {
  return env.TIDEWAY_K8S_CACHE ?? path.join(os.homedir(), '.cache', 'tideway', 'k8s');
}

/** The folder holding the 1.34 binaries (xz) and SHA256SUMS, or undefined when it is not there. */
export function kube134Source(env = process.env) {
  const dir = env.TIDEWAY_KUBE_1_34_DIR || path.join(root, '..', 'shared', 'kube', '1.34');
  return existsSync(path.join(dir, 'SHA256SUMS')) ? dir : undefined;
}

/**
 * The version to run: TIDEWAY_TEST_KUBE_VERSION when set (an unknown one is an error), else 1.34
 * when its binaries are available, else 1.20. `reason` says why, for the test run's first line.
 */
export function chooseKubeVersion(env = process.env) {
  const asked = env.TIDEWAY_TEST_KUBE_VERSION?.trim();
  if (asked) {
    if (!KUBE_VERSIONS.includes(asked)) throw new Error(`TIDEWAY_TEST_KUBE_VERSION=${asked}: must be one of ${KUBE_VERSIONS.join(', ')}`);
    if (asked === '1.34' && !kube134Source(env))
      throw new Error(
        `TIDEWAY_TEST_KUBE_VERSION=1.34, but ${path.join(root, '..', 'shared', 'kube', '1.34')} (or TIDEWAY_KUBE_1_34_DIR) is missing`,
      );
    return { version: asked, reason: 'TIDEWAY_TEST_KUBE_VERSION' };
  }
  if (kube134Source(env)) return { version: '1.34', reason: `found ${kube134Source(env)}` };
  return {
    version: '1.20',
    reason: `no Kubernetes 1.34 binaries (../shared/kube/1.34 or TIDEWAY_KUBE_1_34_DIR): 1.34 skipped, running against 1.20`,
  };
}

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Unpacks the 1.34 binaries into the cache once, checksum-verified; returns their directory. */
export function ensureKube134(env = process.env) {
  const source = kube134Source(env);
  if (!source) throw new Error('the Kubernetes 1.34 binaries are not available (../shared/kube/1.34 or TIDEWAY_KUBE_1_34_DIR)');
  const sums = Object.fromEntries(
    readFileSync(path.join(source, 'SHA256SUMS'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => {
        const [sum, name] = l.trim().split(/\s+\*?/);
        return [name, sum];
      }),
  );
  const bin = path.join(k8sCacheDir(env), '1.34', 'bin');
  mkdirSync(bin, { recursive: true });
  for (const name of ['kube-apiserver', 'kube-controller-manager']) {
    const dest = path.join(bin, name);
    const marker = `${dest}.sha256`;
    // Checked once when unpacked: the marker holds the sum, and the size must still match.
    if (existsSync(dest) && existsSync(marker) && readFileSync(marker, 'utf8').trim() === `${sums[name]} ${statSync(dest).size}`) continue;
    if (!sums[name]) throw new Error(`${source}/SHA256SUMS has no line for ${name}`);
    const tmp = `${dest}.${process.pid}.tmp`;
    const out = spawnSync('sh', ['-c', 'xz -dc "$1" > "$2"', 'sh', path.join(source, `${name}.xz`), tmp], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    if (out.status !== 0) {
      rmSync(tmp, { force: true });
      throw new Error(`unpacking ${source}/${name}.xz failed: ${out.stderr?.toString().trim() || `exit ${out.status}`} (is xz installed?)`);
    }
    const got = sha256(tmp);
    if (got !== sums[name]) {
      rmSync(tmp, { force: true });
      throw new Error(`${name} from ${source} does not match SHA256SUMS (got ${got}, want ${sums[name]}): not used`);
    }
    chmodSync(tmp, 0o755);
    renameSync(tmp, dest);
    writeFileSync(marker, `${sums[name]} ${statSync(dest).size}\n`);
  }
  return bin;
}

/** The directory of kube-apiserver and kube-controller-manager for `version` (unpacking 1.34 if needed). */
export function kubeBinDir(version, env = process.env) {
  if (version === '1.34') return ensureKube134(env);
  return path.join(k8sCacheDir(env), 'bin');
}

/** Flags that differ between the versions: 1.20 still serves an insecure port unless told not to; 1.24+ removed the flag. */
export function versionFlags(version) {
  return version === '1.20'
    ? { apiserver: ['--insecure-port=0'], controllerManager: ['--port=0'] }
    : { apiserver: [], controllerManager: [] };
}
