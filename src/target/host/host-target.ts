import { type HealthTable, healthOf, withHealthChecks } from '../../core/health/health-of.js';
import { missingHealth } from '../../core/health/missing-health.js';
import type { Inventory } from '../../core/inventory/inventory.js';
import type { Manifest } from '../../core/model/manifest.js';
import { refKey, refOf, refString, type ObjectRef } from '../../core/model/object-ref.js';
import { TidewayError } from '../../core/errors.js';
import type { Scope } from '../../core/plan/scope.js';
import type { ChangeSetEntry, DiffEntry } from '../../core/sync/change-set.js';
import type { AppIdentity, ApplyOptions, PruneOptions, Target } from '../target.js';
import { writeFileAtomic } from './atomic-write.js';
import type { DriftEmitter, DriftListener } from './drift-events.js';
import type { FileDriftWatch } from './file-drift-watch.js';
import { hostServiceHealth } from './health-service.js';
import { applyHostObjects, isHostRef, type HostParts } from './host-apply.js';
import { hostHealthChecks } from './host-health-checks.js';
import { diffHostObjects } from './host-diff-objects.js';
import { HOST_GROUP, HOST_KINDS, type HostKind } from './host-kinds.js';
import { liveFile, liveService } from './host-live.js';
import { inventoryPath, readJsonFile, type StateLayout } from './state-dir.js';

/**
 * The host as a Tideway target: `File` objects are files under the managed root, `Service` objects are
 * supervised processes. Besides the Target interface it reports drift (`onDrift`) and closes (`close`).
 */
export class HostTarget implements Target {
  /** Only host kinds live here: a File or Service is judged by the host's checks, anything else generically. */
  readonly healthTable: HealthTable = withHealthChecks(new Map(), hostHealthChecks);
  private closed = false;

  constructor(
    private readonly parts: HostParts,
    private readonly layout: StateLayout,
    private readonly drift: DriftEmitter,
    private readonly watch: FileDriftWatch,
    private readonly unlock: () => Promise<void>,
  ) {}

  describe(): string {
    return `host ${this.parts.realRoot}`;
  }

  async scopes(_objects: Manifest[]): Promise<(kind: { apiVersion: string; kind: string }) => Scope | undefined> {
    return ({ apiVersion, kind }) =>
      apiVersion.startsWith(`${HOST_GROUP}/`) && HOST_KINDS.includes(kind as HostKind) ? 'Cluster' : undefined;
  }

  async apply(app: AppIdentity, objects: Manifest[], options: ApplyOptions): Promise<ChangeSetEntry[]> {
    this.assertOpen();
    const entries = await applyHostObjects(this.parts, app.name, objects, options);
    if (!options.dryRun) this.watch.sync();
    return this.withHealth(entries);
  }

  /** Files are usable once applied; Services once every replica runs the current spec and is ready. */
  async waitReady(objects: Manifest[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const services = objects.map(refOf).filter((ref) => ref.group === HOST_GROUP && ref.kind === 'Service');
    for (const ref of services) {
      for (;;) {
        const health = hostServiceHealth(this.liveOf(ref));
        if (health.status === 'Healthy') break;
        const left = deadline - Date.now();
        if (left <= 0) {
          throw new TidewayError(
            'Timeout',
            `${refString(ref)} not ready after ${timeoutMs} ms: ${health.status}${health.message ? ` (${health.message})` : ''}`,
          );
        }
        await this.parts.supervisor.waitForChange(ref.name, Math.min(left, 200));
      }
    }
  }

  /** Stops Services (all at once) before removing Files; only what this app owns and Tideway wrote. */
  async prune(app: AppIdentity, refs: ObjectRef[], options: PruneOptions): Promise<ChangeSetEntry[]> {
    this.assertOpen();
    const dryRun = options.dryRun ?? false;
    const results = new Map<string, ChangeSetEntry>();
    await Promise.all(
      refs
        .filter((r) => isHostRef(r) && r.kind === 'Service')
        .map(async (ref) => {
          const outcome = await this.parts.supervisor.remove(app.name, ref.name, dryRun);
          results.set(refKey(ref), { ref, ...outcome });
        }),
    );
    for (const ref of refs) {
      if (results.has(refKey(ref))) continue;
      if (!isHostRef(ref)) {
        results.set(refKey(ref), { ref, action: 'skipped', reason: 'UnknownKind', message: `${refString(ref)} is not a host object` });
        continue;
      }
      try {
        results.set(refKey(ref), { ref, ...(await this.parts.files.prune(app.name, ref.name, dryRun)) });
      } catch (error) {
        results.set(refKey(ref), { ref, action: 'failed', reason: 'Failed', message: `${refString(ref)}: ${(error as Error).message}` });
      }
    }
    if (!dryRun) this.watch.sync();
    return refs.map((ref) => results.get(refKey(ref))!);
  }

  diff(app: AppIdentity, objects: Manifest[]): Promise<DiffEntry[]> {
    return diffHostObjects(this.parts, app.name, objects);
  }

  async getLive(refs: ObjectRef[]): Promise<(Manifest | undefined)[]> {
    return Promise.all(
      refs.map(async (ref) => {
        if (!isHostRef(ref)) return undefined;
        if (ref.kind === 'Service') return this.liveOf(ref);
        const observed = await this.parts.files.observe(ref.name);
        return observed ? liveFile(observed.record, observed.seen) : undefined;
      }),
    );
  }

  async readInventory(app: AppIdentity): Promise<Inventory | undefined> {
    return readJsonFile<Inventory>(inventoryPath(this.layout, app.name));
  }

  async writeInventory(app: AppIdentity, inventory: Inventory): Promise<void> {
    await writeFileAtomic(inventoryPath(this.layout, app.name), JSON.stringify(inventory, null, 2), 0o600);
  }

  /** Tells `listener` at once when a managed file changes or a replica dies. Returns an unsubscribe function. */
  onDrift(listener: DriftListener): () => void {
    return this.drift.on(listener);
  }

  /** Stops watching; with `stopServices`, stops every supervised process too (otherwise they keep running for the next agent to adopt). */
  async close(options: { stopServices?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.watch.close();
    try {
      await this.parts.supervisor.close(options);
    } finally {
      await this.unlock();
    }
  }

  /** Each applied (or dry-run) File and Service entry carries its health as live now, which the engine sums into the app's. */
  private async withHealth(entries: ChangeSetEntry[]): Promise<ChangeSetEntry[]> {
    const judged = entries.filter((e) => e.action !== 'failed' && isHostRef(e.ref));
    const live = await this.getLive(judged.map((e) => e.ref));
    const health = new Map(judged.map((e, i) => [e, live[i] ? healthOf(live[i]!, this.healthTable) : missingHealth()]));
    return entries.map((e) => (health.has(e) ? { ...e, health: health.get(e)! } : e));
  }

  private liveOf(ref: ObjectRef): Manifest | undefined {
    const runtime = this.parts.supervisor.get(ref.name);
    return runtime ? liveService(runtime) : undefined;
  }

  private assertOpen(): void {
    if (this.closed) throw new TidewayError('TargetUnavailable', `${this.describe()} is closed`);
  }
}
