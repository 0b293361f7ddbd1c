// Types for test-cluster.mjs, which stays plain JavaScript so scripts/test.mjs can load it without tsx.

export type KubeVersion = '1.20' | '1.34';

export interface TestClusterOptions {
  /** Which Kubernetes to run; default 1.34 when its binaries are available, else 1.20 (TIDEWAY_TEST_KUBE_VERSION overrides). */
  version?: KubeVersion;
  /** Keep the cluster's files (kubeconfig included) in this directory instead of a temp dir. */
  dir?: string;
  /** How long to wait for the control plane to be ready; default 60 000. */
  timeoutMs?: number;
  /** Install SIGINT/SIGTERM handlers that clean up and exit; default true. */
  signals?: boolean;
  /** Start each process in its own process group (the caller stops them on Ctrl-C); default false. */
  ownProcessGroups?: boolean;
  /** Extra kube-apiserver flags. */
  apiserverArgs?: string[];
}

export interface ProcessExit {
  name: string;
  code: number | null;
  signal: string | null;
  logTail: string;
}

export interface TestCluster {
  /** Path of a kubeconfig (context `tideway-test`, user `tideway-admin` in system:masters). */
  kubeconfig: string;
  /** The API server's URL, https://127.0.0.1:<port>. */
  server: string;
  /** The admin bearer token: a secret, never print it. */
  token: string;
  /** The directory holding the kubeconfig, certificates, etcd data and logs. */
  dir: string;
  /** The Kubernetes version running. */
  version: KubeVersion;
  startedInMs: number;
  /** Stops every process (SIGTERM, then SIGKILL) and removes the files. Idempotent. */
  stop(): Promise<void>;
  /** Resolves if a process exits before stop() was called. */
  exited: Promise<ProcessExit>;
}

export function startTestCluster(options?: TestClusterOptions): Promise<TestCluster>;
