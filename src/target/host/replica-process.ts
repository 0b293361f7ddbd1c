import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, openSync } from 'node:fs';
import { groupAlive, isAlive, processStartTime, signalGroup } from './proc-info.js';

export interface ProcessExitInfo {
  code: number | null;
  signal: string | null;
  /** Set when the process could not be started at all. */
  error?: string;
}

/** One running replica process, either started by this agent or adopted from a previous one. */
export interface ReplicaProcess {
  readonly pid: number | undefined;
  readonly startTime: string | undefined;
  readonly adopted: boolean;
  /** Resolves once when the process is gone. */
  readonly exited: Promise<ProcessExitInfo>;
  /** Resolves when the process is running (spawned, or adopted). Rejects never. */
  readonly spawned: Promise<boolean>;
  /** Sends `signal` to the whole process group, then SIGKILL after `graceMs`; resolves when the group is gone. */
  stop(signal: NodeJS.Signals, graceMs: number): Promise<void>;
  /** Kills what is left of the group after the leader exited on its own. */
  reapGroup(): void;
  /** Stops watching (the agent is closing but leaves the process running). */
  detach(): void;
}

export interface LaunchSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  logFile: string;
}

// Timers here are awaited, so they keep the process alive (an unref'd one could let it exit mid-stop).
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits for `promise`, at most `ms`. */
async function atMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    promise,
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

async function stopGroup(pgid: number, exited: Promise<unknown>, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  const deadline = Date.now() + graceMs;
  signalGroup(pgid, signal);
  // The leader may exit before the rest of its group: wait for the whole group until the deadline.
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(Math.min(25, Math.max(1, deadline - Date.now())));
  if (groupAlive(pgid)) signalGroup(pgid, 'SIGKILL');
  await atMost(exited, 5000);
  const killDeadline = Date.now() + 2000;
  while (groupAlive(pgid) && Date.now() < killDeadline) await sleep(10);
}

/**
 * Starts a replica in its own process group (`detached`), stdout and stderr appended to `logFile`,
 * so an agent restart does not kill it and stopping it reaches its children too.
 */
export function spawnReplica(launch: LaunchSpec): ReplicaProcess {
  appendFileSync(launch.logFile, `--- tideway: starting ${launch.command} at ${new Date().toISOString()}\n`, { mode: 0o600 });
  const fd = openSync(launch.logFile, 'a', 0o600);
  let resolveExit!: (info: ProcessExitInfo) => void;
  const exited = new Promise<ProcessExitInfo>((resolve) => {
    resolveExit = resolve;
  });
  let resolveSpawned!: (ok: boolean) => void;
  const spawned = new Promise<boolean>((resolve) => {
    resolveSpawned = resolve;
  });
  let child;
  try {
    child = spawn(launch.command, launch.args, {
      cwd: launch.cwd,
      env: launch.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
  } catch (error) {
    closeSync(fd);
    resolveSpawned(false);
    resolveExit({ code: null, signal: null, error: (error as Error).message });
    return { pid: undefined, startTime: undefined, adopted: false, exited, spawned, stop: async () => {}, reapGroup() {}, detach() {} };
  }
  closeSync(fd);
  let detached = false;
  child.once('spawn', () => resolveSpawned(true));
  child.once('error', (error: NodeJS.ErrnoException) => {
    resolveSpawned(false);
    if (child.pid === undefined) resolveExit({ code: null, signal: null, error: error.code ?? error.message });
  });
  child.once('exit', (code, signal) => resolveExit({ code, signal }));
  child.unref();
  const pid = child.pid;
  const startTime = pid === undefined ? undefined : processStartTime(pid);
  const guarded = exited.then((info) => (detached ? new Promise<ProcessExitInfo>(() => {}) : info));
  return {
    pid,
    startTime,
    adopted: false,
    exited: guarded,
    spawned,
    stop: (signal, graceMs) => (pid === undefined ? Promise.resolve() : stopGroup(pid, exited, signal, graceMs)),
    reapGroup: () => {
      if (pid !== undefined) signalGroup(pid, 'SIGKILL');
    },
    detach: () => {
      detached = true;
      child.removeAllListeners();
    },
  };
}

/**
 * Watches a replica started by a previous agent. It cannot be re-parented, so its exit is noticed by
 * polling every `pollMs` (exit code unknown), and it is stopped through its process group.
 */
export function adoptReplica(pid: number, startTime: string | undefined, pollMs: number): ReplicaProcess {
  let resolveExit!: (info: ProcessExitInfo) => void;
  const exited = new Promise<ProcessExitInfo>((resolve) => {
    resolveExit = resolve;
  });
  const timer = setInterval(() => {
    if (!isAlive(pid, startTime)) {
      clearInterval(timer);
      resolveExit({ code: null, signal: null });
    }
  }, pollMs); // not unref'd: an open target keeps the process alive while it watches adopted replicas
  return {
    pid,
    startTime,
    adopted: true,
    exited,
    spawned: Promise.resolve(true),
    stop: (signal, graceMs) => stopGroup(pid, exited, signal, graceMs),
    reapGroup: () => {
      signalGroup(pid, 'SIGKILL');
    },
    detach: () => clearInterval(timer),
  };
}
