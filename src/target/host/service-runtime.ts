import type { Logger } from '../../log/logger.js';
import type { ResolvedService } from './host-kinds.js';
import type { ServiceStatus } from './live-status.js';
import type { Replica } from './replica.js';
import { serviceStatusHealth } from './health-service.js';

export interface ServiceMeta {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface ServiceRuntimeDeps {
  /** Creates (not starts) replica `index` running `service`. */
  createReplica: (service: ResolvedService, specHash: string, index: number) => Replica;
  log: Logger;
}

/**
 * One supervised Service: its replicas, converged towards the desired spec by one loop at a time.
 * Missing replicas start at once; extra ones stop; replicas running an old spec are replaced one at a
 * time (an unready one first, a ready one only once every updated replica is ready), so a rolling
 * update keeps the other replicas serving.
 */
export class ServiceRuntime {
  readonly replicas = new Map<number, Replica>();
  private running = false;
  private again = false;
  private closed = false;
  private waiters: (() => void)[] = [];

  constructor(
    public app: string,
    public service: ResolvedService,
    public specHash: string,
    public meta: ServiceMeta,
    private readonly deps: ServiceRuntimeDeps,
  ) {}

  get name(): string {
    return this.service.name;
  }

  update(service: ResolvedService, specHash: string, meta: ServiceMeta): void {
    this.service = service;
    this.specHash = specHash;
    this.meta = meta;
    this.kick();
  }

  /** Something changed (spec, a replica's state): run the converge loop, or have it look again. */
  kick(): void {
    this.notify();
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.loop().catch((error) => this.deps.log.error({ service: this.name, err: error }, 'service converge loop failed'));
  }

  /** Stops every replica and the loop. */
  async remove(): Promise<void> {
    this.closed = true;
    this.notify();
    await Promise.all([...this.replicas.values()].map((r) => r.stop()));
    this.replicas.clear();
  }

  /** Stops supervising, leaving processes running. */
  detach(): void {
    this.closed = true;
    this.notify();
    for (const replica of this.replicas.values()) replica.detach();
  }

  status(): ServiceStatus {
    const desired = this.service.replicas;
    const replicaStatuses = [...this.replicas.values()].sort((a, b) => a.index - b.index).map((r) => r.status(this.specHash));
    const current = replicaStatuses.filter((r) => r.index < desired);
    const status: ServiceStatus = {
      app: this.app,
      phase: 'Progressing',
      specHash: this.specHash,
      replicas: desired,
      currentReplicas: replicaStatuses.filter((r) => r.pid !== undefined).length,
      readyReplicas: current.filter((r) => r.ready).length,
      updatedReplicas: current.filter((r) => r.updated && r.state !== 'Stopping').length,
      restarts: replicaStatuses.reduce((sum, r) => sum + r.restarts, 0),
      pids: replicaStatuses.flatMap((r) => (r.pid === undefined ? [] : [r.pid])),
      restartPolicy: this.service.restartPolicy,
      replicaStatuses,
      conditions: [],
    };
    const health = serviceStatusHealth(status);
    status.phase =
      health.status === 'Degraded'
        ? 'Degraded'
        : health.status === 'Progressing'
          ? 'Progressing'
          : desired === 0
            ? 'Stopped'
            : current.every((r) => r.state === 'Completed')
              ? 'Completed'
              : 'Running';
    const looping = replicaStatuses.some((r) => r.crashLooping);
    status.conditions = [
      { type: 'Ready', status: health.status === 'Healthy' ? 'True' : 'False', ...(health.message ? { message: health.message } : {}) },
      { type: 'Progressing', status: health.status === 'Progressing' ? 'True' : 'False' },
      { type: 'CrashLooping', status: looping ? 'True' : 'False', ...(looping ? { reason: 'CrashLoopBackOff' } : {}) },
    ];
    return status;
  }

  /** Resolves at the next change, or after `ms`. */
  waitForChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        while (!this.closed && (await this.step())) {
          /* keep converging */
        }
      } while (this.again && !this.closed);
    } finally {
      this.running = false; // synchronously after the last check, so no kick is lost
    }
  }

  /** One step towards the desired state; false when there is nothing left to do now. */
  private async step(): Promise<boolean> {
    const desired = this.service.replicas;
    const hash = this.specHash;
    const extras = [...this.replicas.values()].filter((r) => r.index >= desired);
    if (extras.length > 0) {
      await Promise.all(extras.map((r) => this.retire(r)));
      return true;
    }
    for (let index = 0; index < desired; index++) {
      if (this.replicas.has(index)) continue;
      const replica = this.deps.createReplica(this.service, hash, index);
      this.replicas.set(index, replica);
      replica.start();
    }
    const outdated = [...this.replicas.values()].filter((r) => r.specHash !== hash).sort((a, b) => a.index - b.index);
    if (outdated.length === 0) return false;
    const unready = outdated.find((r) => !r.isReady);
    const updatedReady = [...this.replicas.values()].filter((r) => r.specHash === hash).every((r) => r.isReady);
    const victim = unready ?? (updatedReady ? outdated[0] : undefined);
    if (!victim) {
      await this.waitForChange(1000);
      return true;
    }
    this.deps.log.info({ service: this.name, replica: victim.index }, 'rolling update: replacing replica');
    await this.retire(victim);
    return true;
  }

  private async retire(replica: Replica): Promise<void> {
    await replica.stop();
    if (this.replicas.get(replica.index) === replica) this.replicas.delete(replica.index);
  }
}
