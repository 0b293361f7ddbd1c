/**
 * The host API: `host.tideway.dev/v1alpha1` kinds `File` and `Service` (cluster-scoped), as written in Git
 * and in their resolved form (validated, every default filled in). Pure: no `node:*` imports.
 */
export const HOST_GROUP = 'host.tideway.dev';
export const HOST_VERSION = 'v1alpha1';
export const HOST_API_VERSION = `${HOST_GROUP}/${HOST_VERSION}`;

export type HostKind = 'File' | 'Service';
export const HOST_KINDS: readonly HostKind[] = ['File', 'Service'];

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';
export const RESTART_POLICIES: readonly RestartPolicy[] = ['Always', 'OnFailure', 'Never'];

export type StopSignal = 'SIGTERM' | 'SIGINT' | 'SIGHUP' | 'SIGQUIT' | 'SIGKILL' | 'SIGUSR1' | 'SIGUSR2';
export const STOP_SIGNALS: readonly StopSignal[] = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGKILL', 'SIGUSR1', 'SIGUSR2'];

/** Default and maximum sizes. */
export const MAX_FILE_CONTENT_BYTES = 8 * 1024 * 1024;
export const MAX_REPLICAS = 64;

/** A `File` after validation: `path` is relative to the host root, normalised, with `/` separators. */
export interface ResolvedFile {
  kind: 'File';
  name: string;
  path: string;
  content: string;
  /** Permission bits, e.g. 0o644. */
  mode: number;
}

/**
 * A port in a readiness probe: a number, or a replica template such as `"{{replica + 8080}}"`
 * (see replica-template.ts), evaluated per replica.
 */
export type PortSpec = number | string;

export type ProbeAction =
  | { type: 'http'; port: PortSpec; path: string; host: string }
  | { type: 'tcp'; port: PortSpec; host: string }
  | { type: 'exec'; command: string[] };

export interface ResolvedProbe {
  action: ProbeAction;
  /** Time between probes (default 500 ms). */
  periodMs: number;
  /** Time one probe may take before it counts as failed (default 1000 ms). */
  timeoutMs: number;
}

/** A `Service` after validation. `args`, `env` values and probe ports may hold `{{replica}}` templates. */
export interface ResolvedService {
  kind: 'Service';
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  /** Relative to the host root; '' is the root itself. */
  workingDir: string;
  replicas: number;
  restartPolicy: RestartPolicy;
  stopSignal: StopSignal;
  terminationGracePeriodSeconds: number;
  readinessProbe?: ResolvedProbe;
  /** Names of `File` objects whose change restarts this Service (rolling). */
  restartOn: string[];
}

export type ResolvedHostObject = ResolvedFile | ResolvedService;
