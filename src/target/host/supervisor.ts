import path from 'node:path';
import { decideApply } from '../../core/sync/apply-decision.js';
import { type AdoptPolicy, decideOwnership } from '../../core/inventory/adopt-decision.js';
import { NO_ADOPTION, ownedBy } from './host-ownership.js';
import { TidewayError } from '../../core/errors.js';
import type { BackoffPolicy } from './backoff.js';
import type { DriftEmitter } from './drift-events.js';
import type { HealthCode } from '../../core/health/health-status.js';
import { describeExit, serviceStatusHealth } from './health-service.js';
import { HostConflictError } from './host-errors.js';
import { HOST_GROUP, HOST_VERSION, type ResolvedService } from './host-kinds.js';
import type { Clock } from '../../core/model/clock.js';
import type { Logger } from '../../log/logger.js';
import type { ServiceStatus } from './live-status.js';
import { isAlive } from './proc-info.js';
import { Replica } from './replica.js';
import { adoptReplica, spawnReplica } from './replica-process.js';
import { launchSpec } from './service-launch.js';
import { ServiceRuntime, type ServiceMeta } from './service-runtime.js';
import { JsonFileWriter, readJsonFile, type StateLayout } from './state-dir.js';

/** `services.json`: what a later agent needs to adopt (or cleanly stop) running replicas. */
interface ServicesJson {
  version: 1;
  services: Record<string, ServiceRecord>;
}

interface ServiceRecord {
  app: string;
  spec: ResolvedService;
  specHash: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  replicas: ReplicaRecord[];
}

interface ReplicaRecord {
  index: number;
  pid: number;
  /** /proc start time, so a reused pid is never mistaken for the replica. */
  startTime?: string;
  specHash: string;
  restarts: number;
}

export interface SupervisorDeps {
  realRoot: string;
  layout: StateLayout;
  log: Logger;
  clock: Clock;
  drift: DriftEmitter;
  backoff: BackoffPolicy;
  adoptedPollMs: number;
}

const serviceRef = (name: string) => ({ group: HOST_GROUP, kind: 'Service', name, version: HOST_VERSION });

/**
 * Supervises every Service of this host target: starts, restarts, rolls and stops replicas, records
 * them in services.json, and on start adopts (or cleanly replaces) replicas a previous agent left running.
 */
export class Supervisor {
  private readonly services = new Map<string, ServiceRuntime>();
  /** Each Service's health as last reported (HealthChanged events). */
  private readonly lastHealth = new Map<string, HealthCode>();
  private readonly writer: JsonFileWriter<ServicesJson>;
  private closed = false;
  /** While adopting, replica changes must not start the converge loop (it would start replicas not adopted yet). */
  private loading = false;

  constructor(private readonly deps: SupervisorDeps) {
    this.writer = new JsonFileWriter(deps.layout.servicesJson, () => this.snapshot());
  }

  /** Takes over the services a previous agent recorded: adopts live replicas, or stops them first (`restart`). */
  async load(adoption: 'adopt' | 'restart'): Promise<void> {
    const json = await readJsonFile<ServicesJson>(this.deps.layout.servicesJson);
    this.loading = true;
    try {
      await this.adoptAll(json, adoption);
    } finally {
      this.loading = false;
    }
    await this.writer.save();
    for (const runtime of this.services.values()) runtime.kick();
  }

  private async adoptAll(json: ServicesJson | undefined, adoption: 'adopt' | 'restart'): Promise<void> {
    for (const record of Object.values(json?.services ?? {})) {
      const runtime = this.createRuntime(record.app, record.spec, record.specHash, {
        labels: record.labels,
        annotations: record.annotations,
      });
      for (const r of record.replicas) {
        if (!isAlive(r.pid, r.startTime)) continue;
        const proc = adoptReplica(r.pid, r.startTime, this.deps.adoptedPollMs);
        if (adoption === 'restart' || runtime.replicas.has(r.index)) {
          this.deps.log.info(
            { service: record.spec.name, replica: r.index, replicaPid: r.pid },
            'stopping a replica left by a previous agent',
          );
          await proc.stop(record.spec.stopSignal, record.spec.terminationGracePeriodSeconds * 1000);
          proc.detach();
          continue;
        }
        this.deps.log.info({ service: record.spec.name, replica: r.index, replicaPid: r.pid }, 'adopted a running replica');
        const replica = this.createReplica(runtime, record.spec, r.specHash, r.index);
        runtime.replicas.set(r.index, replica);
        replica.adopt(proc, { restarts: r.restarts });
      }
      this.services.set(record.spec.name, runtime);
    }
  }

  get(name: string): ServiceRuntime | undefined {
    return this.services.get(name);
  }

  names(): string[] {
    return [...this.services.keys()];
  }

  /** The action applying `service` with effective hash `specHash` takes; runs it unless `dryRun`. */
  ensure(
    app: string,
    service: ResolvedService,
    specHash: string,
    meta: ServiceMeta,
    dryRun: boolean,
    adopt: AdoptPolicy = NO_ADOPTION,
  ): 'created' | 'configured' | 'unchanged' {
    if (this.closed) throw new TidewayError('TargetUnavailable', 'host target is closed');
    const existing = this.services.get(service.name);
    const owned = decideOwnership(existing && ownedBy(existing.app), app, adopt);
    if (owned.decision === 'refuse') throw new HostConflictError(owned.reason, `Service/${service.name} ${owned.message}`);
    if (existing && existing.app !== app && !dryRun) existing.app = app;
    // The apply decision (core/sync/apply-decision.ts): a supervised Service runs its recorded spec (a
    // dead replica is restarted by the supervisor, not by a sync), so its fields always match it.
    const decision = decideApply({
      exists: existing !== undefined,
      liveHash: existing?.specHash,
      desiredHash: specHash,
      desiredFieldsMatch: true,
      dryRun,
    });
    if (!existing) {
      if (!dryRun) {
        const runtime = this.createRuntime(app, service, specHash, meta);
        this.services.set(service.name, runtime);
        runtime.kick();
        void this.save();
      }
      return 'created';
    }
    if (decision === 'unchanged') {
      if (!dryRun && JSON.stringify(existing.meta) !== JSON.stringify(meta)) {
        existing.meta = meta;
        void this.save();
      }
      return 'unchanged';
    }
    if (!dryRun) {
      existing.update(service, specHash, meta);
      void this.save();
    }
    return 'configured';
  }

  /** Stops and forgets a Service; only the owning app may. */
  async remove(app: string, name: string, dryRun: boolean): Promise<{ action: 'pruned' | 'skipped'; reason?: string; message?: string }> {
    const runtime = this.services.get(name);
    if (!runtime) return { action: 'pruned', message: `Service/${name} already absent (not supervised); nothing stopped` };
    if (runtime.app !== app) return { action: 'skipped', reason: 'NotOwned', message: `Service/${name} is owned by app '${runtime.app}'` };
    if (dryRun) return { action: 'pruned' };
    this.services.delete(name);
    this.lastHealth.delete(name);
    await runtime.remove();
    await this.save();
    return { action: 'pruned' };
  }

  status(name: string): ServiceStatus | undefined {
    return this.services.get(name)?.status();
  }

  /** Waits for the next change of any replica of `name`, or `ms`. */
  waitForChange(name: string, ms: number): Promise<void> {
    const runtime = this.services.get(name);
    return runtime ? runtime.waitForChange(ms) : new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Stops supervising; with `stopServices`, stops every replica too (the records keep the specs, without pids). */
  async close(options: { stopServices?: boolean } = {}): Promise<void> {
    this.closed = true;
    const runtimes = [...this.services.values()];
    if (options.stopServices) await Promise.all(runtimes.map((r) => r.remove()));
    else for (const runtime of runtimes) runtime.detach();
    await this.save();
  }

  /** Emits `HealthChanged` when a Service's health moves (Progressing → Healthy, Healthy → Degraded, ...). */
  private reportHealth(runtime: ServiceRuntime): void {
    if (this.services.get(runtime.name) !== runtime) return;
    const health = serviceStatusHealth(runtime.status());
    if (this.lastHealth.get(runtime.name) === health.status) return;
    this.lastHealth.set(runtime.name, health.status);
    this.deps.drift.emit({
      ref: serviceRef(runtime.name),
      app: runtime.app,
      reason: 'HealthChanged',
      at: this.deps.clock().getTime(),
      health: health.status,
      message: `Service/${runtime.name} is ${health.status}${health.message ? `: ${health.message}` : ''}`,
    });
  }

  private save(): Promise<void> {
    return this.writer.save().catch((error) => this.deps.log.error({ err: error }, 'cannot record services.json'));
  }

  private snapshot(): ServicesJson {
    const services: Record<string, ServiceRecord> = {};
    for (const runtime of this.services.values()) {
      const replicas: ReplicaRecord[] = [];
      for (const replica of runtime.replicas.values()) {
        if (replica.pid === undefined) continue;
        const status = replica.status(runtime.specHash);
        replicas.push({
          index: replica.index,
          pid: replica.pid,
          startTime: replica.startTime,
          specHash: replica.specHash,
          restarts: status.restarts,
        });
      }
      services[runtime.name] = { app: runtime.app, spec: runtime.service, specHash: runtime.specHash, ...runtime.meta, replicas };
    }
    return { version: 1, services };
  }

  private createRuntime(app: string, service: ResolvedService, specHash: string, meta: ServiceMeta): ServiceRuntime {
    let runtime!: ServiceRuntime;
    runtime = new ServiceRuntime(app, service, specHash, meta, {
      log: this.deps.log,
      createReplica: (spec, hash, index) => this.createReplica(runtime, spec, hash, index),
    });
    return runtime;
  }

  private createReplica(runtime: ServiceRuntime, service: ResolvedService, specHash: string, index: number): Replica {
    const { realRoot, layout, clock, backoff, drift, log } = this.deps;
    const cwd = path.join(realRoot, service.workingDir);
    return new Replica({
      service,
      specHash,
      index,
      cwd,
      backoff,
      clock,
      launch: () => spawnReplica(launchSpec(service, index, cwd, layout.logsDir)),
      onChange: () => {
        if (this.closed || this.loading) return;
        runtime.kick();
        void this.save();
        this.reportHealth(runtime);
      },
      onExit: (exit, pid, restarting) => {
        if (this.closed) return;
        const message = `replica ${index}${pid ? ` (pid ${pid})` : ''} ${describeExit(exit)}${restarting ? '; restarting' : ''}`;
        log.warn({ service: service.name, replica: index, replicaPid: pid, code: exit.code, signal: exit.signal }, message);
        drift.emit({
          ref: serviceRef(service.name),
          app: runtime.app,
          reason: 'ProcessExited',
          message,
          at: exit.at,
          replica: index,
          pid,
          exitCode: exit.code,
          signal: exit.signal,
        });
      },
    });
  }
}
