import { backoffDelay, isCrashLooping, nextFailureCount, type BackoffPolicy } from './backoff.js';
import type { ResolvedService } from './host-kinds.js';
import type { Clock } from '../../core/model/clock.js';
import type { ReplicaExit, ReplicaState, ReplicaStatus } from './live-status.js';
import { probeOnce } from './readiness-probe.js';
import type { ProcessExitInfo, ReplicaProcess } from './replica-process.js';

export interface ReplicaDeps {
  service: ResolvedService;
  specHash: string;
  index: number;
  /** Starts a new process for this replica. */
  launch: () => ReplicaProcess;
  /** Working directory of exec probes. */
  cwd: string;
  backoff: BackoffPolicy;
  clock: Clock;
  /** The status changed (persist it, wake the rollout). */
  onChange: () => void;
  /** The process exited on its own (drift). */
  onExit: (exit: ReplicaExit, pid: number | undefined, restarting: boolean) => void;
}

/** While not yet ready, probes run at least this often, so a fresh replica is seen ready quickly. */
const STARTUP_PROBE_MS = 100;

/**
 * One replica of a Service: its process, restarts per restartPolicy with crash-loop backoff, and its
 * readiness. A replica runs one spec for its whole life; a new spec means a new Replica (rolling update).
 */
export class Replica {
  readonly index: number;
  readonly specHash: string;
  readonly service: ResolvedService;
  private proc: ReplicaProcess | undefined;
  private state: ReplicaState = 'Starting';
  private ready = false;
  private restarts = 0;
  private consecutiveFailures = 0;
  private lastExit: ReplicaExit | undefined;
  private backoffMs: number | undefined;
  private startedAt: number | undefined;
  private message: string | undefined;
  private stopping = false;
  private timers = new Set<NodeJS.Timeout>();

  constructor(private readonly deps: ReplicaDeps) {
    this.index = deps.index;
    this.specHash = deps.specHash;
    this.service = deps.service;
  }

  /** Starts a new process. */
  start(): void {
    this.attach(this.deps.launch());
  }

  /** Watches a process started by a previous agent. */
  adopt(proc: ReplicaProcess, history?: { restarts?: number }): void {
    this.restarts = history?.restarts ?? 0;
    this.attach(proc);
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  get startTime(): string | undefined {
    return this.proc?.startTime;
  }

  get isReady(): boolean {
    return this.ready;
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Stops the process (stop signal, then SIGKILL after the grace period); no restart follows. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.clearTimers();
    this.state = 'Stopping';
    this.ready = false;
    this.deps.onChange();
    const proc = this.proc;
    if (proc) await proc.stop(this.service.stopSignal, this.service.terminationGracePeriodSeconds * 1000);
    this.proc = undefined;
    this.deps.onChange();
  }

  /** Stops watching without stopping the process (agent shutdown that leaves services running). */
  detach(): void {
    this.stopping = true;
    this.clearTimers();
    this.proc?.detach();
  }

  status(currentHash: string): ReplicaStatus {
    const status: ReplicaStatus = {
      index: this.index,
      state: this.state,
      ready: this.ready,
      specHash: this.specHash,
      updated: this.specHash === currentHash,
      restarts: this.restarts,
      consecutiveFailures: this.consecutiveFailures,
      crashLooping: isCrashLooping(this.consecutiveFailures),
      adopted: this.proc?.adopted ?? false,
    };
    if (this.proc?.pid !== undefined) status.pid = this.proc.pid;
    if (this.backoffMs !== undefined) status.backoffMs = this.backoffMs;
    if (this.lastExit) status.lastExit = this.lastExit;
    if (this.startedAt !== undefined) status.startedAt = this.startedAt;
    if (this.message) status.message = this.message;
    return status;
  }

  private attach(proc: ReplicaProcess): void {
    const { clock, backoff, service } = this.deps;
    this.proc = proc;
    this.state = 'Starting';
    this.ready = false;
    this.backoffMs = undefined;
    this.startedAt = clock().getTime();
    void proc.spawned.then((ok) => {
      if (this.proc !== proc || !ok || this.stopping) return;
      this.state = 'Running';
      if (!service.readinessProbe) this.ready = true;
      this.deps.onChange();
    });
    if (service.readinessProbe) this.schedule(() => this.probe(proc), proc.adopted ? 0 : Math.min(50, service.readinessProbe.periodMs));
    this.schedule(() => {
      if (this.proc === proc && this.consecutiveFailures > 0) {
        this.consecutiveFailures = 0;
        this.deps.onChange();
      }
    }, backoff.stableMs);
    void proc.exited.then((info) => this.exited(proc, info));
    this.deps.onChange();
  }

  private async probe(proc: ReplicaProcess): Promise<void> {
    const probe = this.service.readinessProbe;
    if (!probe || this.proc !== proc || this.stopping) return;
    const result = await probeOnce(probe.action, this.index, probe.timeoutMs, this.deps.cwd);
    if (this.proc !== proc || this.stopping) return;
    const changed = result.ok !== this.ready || result.message !== this.message;
    this.ready = result.ok;
    this.message = result.message;
    if (changed) this.deps.onChange();
    this.schedule(() => this.probe(proc), this.ready ? probe.periodMs : Math.min(STARTUP_PROBE_MS, probe.periodMs));
  }

  private exited(proc: ReplicaProcess, info: ProcessExitInfo): void {
    if (this.proc !== proc || this.stopping) return;
    const { clock, backoff, service } = this.deps;
    this.clearTimers();
    proc.reapGroup();
    this.proc = undefined;
    this.ready = false;
    const now = clock().getTime();
    const exit: ReplicaExit = { code: info.code, signal: info.signal, at: now };
    if (info.error) exit.error = info.error;
    this.lastExit = exit;
    const failed = info.code !== 0 || info.signal !== null || info.error !== undefined;
    const restart = service.restartPolicy === 'Always' || (service.restartPolicy === 'OnFailure' && failed);
    this.deps.onExit(exit, proc.pid, restart);
    if (!restart) {
      this.state = failed ? 'Failed' : 'Completed';
      if (failed) this.consecutiveFailures = nextFailureCount(this.consecutiveFailures, now - (this.startedAt ?? now), backoff);
      this.deps.onChange();
      return;
    }
    this.consecutiveFailures = nextFailureCount(this.consecutiveFailures, now - (this.startedAt ?? now), backoff);
    const delay = backoffDelay(this.consecutiveFailures, backoff);
    const restartNow = () => {
      this.restarts += 1;
      this.start();
    };
    if (delay === 0) {
      restartNow();
      return;
    }
    this.state = 'BackOff';
    this.backoffMs = delay;
    this.schedule(restartNow, delay);
    this.deps.onChange();
  }

  private schedule(task: () => void | Promise<void>, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void task();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
