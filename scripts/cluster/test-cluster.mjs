// A local Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager) for end-to-end
// tests and developers. Plain ESM JavaScript: scripts/test.mjs imports it without a TypeScript loader.
//
// There is no kubelet and no scheduler: Pods are stored but never run. Controllers that only need
// the API (garbage collection, namespace deletion, Deployment -> ReplicaSet -> Pod) do work.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, rmdirSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { writeKubeconfig, writeServiceAccountKey, writeServingCert, writeTokenFile } from './credentials.mjs';
import { freePorts } from './free-ports.mjs';
import { chooseKubeVersion, k8sCacheDir, kubeBinDir, versionFlags } from './kube-version.mjs';
import { guardAgainstOrphans, startProcess, stopProcesses, tailLog } from './processes.mjs';

/** Names created inside the cluster directory; only these are removed when `dir` was given. */
const ENTRIES = [
  'etcd-data',
  'etcd.log',
  'kube-apiserver.log',
  'kube-controller-manager.log',
  'apiserver.crt',
  'apiserver.key',
  'sa.key',
  'sa.pub',
  'tokens.csv',
  'kubeconfig',
  'pids',
];

/**
 * Starts a control plane on free loopback ports and resolves once the API server is ready and the
 * controller-manager is running its controllers.
 *
 * options.version    '1.20' or '1.34' (default: chooseKubeVersion(), 1.34 when its binaries are there)
 * options.dir        keep the files (kubeconfig included) in this directory instead of a temp dir
 * options.timeoutMs  how long to wait for readiness (default 60 s)
 * options.signals    install SIGINT/SIGTERM handlers that clean up and exit (default true)
 * options.apiserverArgs  extra kube-apiserver flags
 * options.ownProcessGroups  start each process in its own process group (for an interactive
 *                    parent that stops them itself on Ctrl-C; default false, so that killing the
 *                    parent's process group kills them too)
 *
 * Returns { kubeconfig, server, token, dir, version, startedInMs, stop(), exited }. `exited` resolves with
 * { name, code, signal, logTail } if a process exits before stop() is called. The token is a
 * secret: never print it.
 */
export async function startTestCluster(options = {}) {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 60_000;
  const version = options.version ?? chooseKubeVersion().version;
  const bin = resolveBinaries(version);
  const flags = versionFlags(version);
  const dir = options.dir ? prepareDir(path.resolve(options.dir)) : await mkdtemp(path.join(tempRoot(), 'tideway-cluster-'));
  const paths = options.dir ? ENTRIES.map((e) => path.join(dir, e)) : [dir];
  const procs = [];
  const guard = guardAgainstOrphans({ procs, paths, pidFile: path.join(dir, 'pids'), signals: options.signals ?? true });
  let stopped;
  let reportExit;
  const exited = new Promise((resolve) => {
    reportExit = resolve;
  });
  const launch = (name, command, args) => {
    const proc = startProcess(name, command, args, { logFile: path.join(dir, `${name}.log`), ownGroup: options.ownProcessGroups });
    procs.push(proc);
    guard.recordPids();
    proc.exited.then(({ code, signal }) => {
      if (!stopped) reportExit({ name, code, signal, logTail: tailLog(proc.logFile) });
    });
    return proc;
  };

  const stop = () => {
    stopped ??= (async () => {
      // Controllers and API server first, so they do not spin on a vanished etcd.
      await stopProcesses(procs.filter((p) => p.name !== 'etcd'));
      await stopProcesses(procs);
      guard.release();
      for (const p of paths) rmSync(p, { recursive: true, force: true });
      if (options.dir)
        try {
          rmdirSync(dir);
        } catch {
          /* not empty: keep it */
        }
    })();
    return stopped;
  };

  try {
    const [etcdPort, peerPort, apiPort] = await freePorts(3);
    const etcdURL = `http://127.0.0.1:${etcdPort}`;
    const peerURL = `http://127.0.0.1:${peerPort}`;
    launch('etcd', bin.etcd, [
      '--name=default',
      `--data-dir=${path.join(dir, 'etcd-data')}`,
      `--listen-client-urls=${etcdURL}`,
      `--advertise-client-urls=${etcdURL}`,
      `--listen-peer-urls=${peerURL}`,
      `--initial-advertise-peer-urls=${peerURL}`,
      `--initial-cluster=default=${peerURL}`,
      '--initial-cluster-state=new',
      '--quota-backend-bytes=2147483648',
      '--snapshot-count=10000',
      '--logger=zap',
      '--log-level=warn',
    ]);

    const [serving, sa, { token, tokenFile }] = await Promise.all([
      writeServingCert(dir),
      writeServiceAccountKey(dir),
      writeTokenFile(dir),
    ]);
    const server = `https://127.0.0.1:${apiPort}`;
    launch('kube-apiserver', bin.apiserver, [
      `--etcd-servers=${etcdURL}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      ...flags.apiserver,
      `--tls-cert-file=${serving.certFile}`,
      `--tls-private-key-file=${serving.keyFile}`,
      `--cert-dir=${dir}`,
      `--token-auth-file=${tokenFile}`,
      '--anonymous-auth=false',
      '--authorization-mode=RBAC',
      '--service-account-issuer=https://kubernetes.default.svc',
      `--service-account-key-file=${sa.publicKeyFile}`,
      `--service-account-signing-key-file=${sa.privateKeyFile}`,
      '--service-cluster-ip-range=10.0.0.0/24',
      // No token controller runs, so the ServiceAccount admission plugin would reject every Pod.
      '--disable-admission-plugins=ServiceAccount',
      '--enable-priority-and-fairness=false',
      '--allow-privileged=true',
      '--profiling=false',
      // The "kubernetes" Service cannot point at a loopback address; no Pod needs it here.
      '--endpoint-reconciler-type=none',
      ...(options.apiserverArgs ?? []),
    ]);
    const kubeconfig = await writeKubeconfig(path.join(dir, 'kubeconfig'), { server, caPem: serving.certPem, token });
    const api = (p) => get(server + p, { ca: serving.certPem, token });

    const deadline = started + timeoutMs;
    await waitUntil('kube-apiserver /readyz', deadline, procs, async () => (await api('/readyz')).status === 200);

    // Started only now: overlapping it with the API server's start-up measured slower on two cores.
    launch('kube-controller-manager', bin.controllerManager, [
      `--kubeconfig=${kubeconfig}`,
      `--service-account-private-key-file=${sa.privateKeyFile}`,
      `--root-ca-file=${serving.certFile}`,
      '--leader-elect=false',
      '--controllers=*,-serviceaccount-token',
      '--bind-address=127.0.0.1',
      '--secure-port=0',
      ...flags.controllerManager,
      '--profiling=false',
    ]);
    // The service-account controller creating default/default shows the controllers are running.
    await waitUntil(
      'kube-controller-manager',
      deadline,
      procs,
      async () => (await api('/api/v1/namespaces/default/serviceaccounts/default')).status === 200,
    );

    return { kubeconfig, server, token, dir, version, startedInMs: Date.now() - started, stop, exited };
  } catch (err) {
    await stop();
    throw err;
  }
}

function resolveBinaries(version) {
  const dir = kubeBinDir(version);
  const bin = {
    apiserver: path.join(dir, 'kube-apiserver'),
    controllerManager: path.join(dir, 'kube-controller-manager'),
    etcd: process.env.TIDEWAY_ETCD ?? which('etcd'),
  };
  const missing = Object.values(bin).filter((file) => !file || !isExecutable(file));
  if (missing.length > 0) {
    throw new Error(
      `Kubernetes ${version} control plane binaries are missing (${missing.map((m) => m || 'etcd').join(', ')}); ` +
        (version === '1.20' ? 'run `bash scripts/cluster/build.sh` first.' : `${k8sCacheDir()}/1.34 is unpacked from ../shared/kube/1.34.`),
    );
  }
  return bin;
}

function which(name) {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** etcd is fastest on tmpfs, and its data is thrown away anyway. */
function tempRoot() {
  if (process.env.TIDEWAY_CLUSTER_TMP) return process.env.TIDEWAY_CLUSTER_TMP;
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return os.tmpdir();
  }
}

/** A fixed directory starts fresh: a previous cluster's files (and etcd data) are removed. */
function prepareDir(dir) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const e of ENTRIES) if (existsSync(path.join(dir, e))) rmSync(path.join(dir, e), { recursive: true, force: true });
  return dir;
}

async function waitUntil(what, deadline, procs, check) {
  for (;;) {
    const dead = procs.find((p) => p.exit);
    if (dead) {
      throw new Error(
        `${dead.name} exited during start-up (${dead.exit.error?.message ?? `code ${dead.exit.code}, signal ${dead.exit.signal}`}); ` +
          `log tail:\n${tailLog(dead.logFile)}`,
      );
    }
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) {
      const logs = procs.map((p) => `--- ${p.name} (${p.logFile}):\n${tailLog(p.logFile, 15)}`).join('\n');
      throw new Error(`timed out waiting for ${what}; log tails:\n${logs}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function get(url, { ca, token }) {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca, headers: { authorization: `Bearer ${token}` }, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode }));
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
  });
}
