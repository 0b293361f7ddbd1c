/**
 * The `status` of live host objects as `getLive` returns them, so health functions stay pure. No `node:*`.
 */
export interface FileStatus {
  /** The app that owns the file. */
  app: string;
  path: string;
  exists: boolean;
  /** False when something other than a regular file is at the path. */
  regular: boolean;
  /** sha256 of the content on disk (when it exists). */
  contentHash?: string;
  /** sha256 of the content Tideway wrote. */
  desiredHash: string;
  /** Octal, e.g. "0644". */
  mode?: string;
  desiredMode: string;
  /** Content and mode equal what Tideway wrote. */
  inSync: boolean;
}

export type ReplicaState = 'Starting' | 'Running' | 'BackOff' | 'Stopping' | 'Completed' | 'Failed';

export interface ReplicaExit {
  code: number | null;
  signal: string | null;
  /** Clock milliseconds. */
  at: number;
  /** For spawn failures (command not found, ...). */
  error?: string;
}

export interface ReplicaStatus {
  index: number;
  state: ReplicaState;
  pid?: number;
  ready: boolean;
  /** The effective spec hash this replica runs. */
  specHash: string;
  /** Runs the Service's current spec. */
  updated: boolean;
  restarts: number;
  consecutiveFailures: number;
  crashLooping: boolean;
  /** Delay before the next restart while in BackOff. */
  backoffMs?: number;
  lastExit?: ReplicaExit;
  /** Taken over from a previous agent (watched by polling). */
  adopted: boolean;
  startedAt?: number;
  /** Why the replica is not ready (last probe error), when known. */
  message?: string;
}

export interface ServiceCondition {
  type: 'Ready' | 'Progressing' | 'CrashLooping';
  status: 'True' | 'False';
  reason?: string;
  message?: string;
}

export interface ServiceStatus {
  app: string;
  phase: 'Running' | 'Progressing' | 'Degraded' | 'Stopped' | 'Completed';
  specHash: string;
  replicas: number;
  /** Replica processes currently alive. */
  currentReplicas: number;
  readyReplicas: number;
  updatedReplicas: number;
  restarts: number;
  pids: number[];
  restartPolicy: 'Always' | 'OnFailure' | 'Never';
  replicaStatuses: ReplicaStatus[];
  conditions: ServiceCondition[];
}
