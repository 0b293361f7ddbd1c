import type { ResolvedApplication } from '../core/application/application.js';
import { aggregateHealth } from '../core/health/health-status.js';
import { refKey, refOf, refString, type ObjectRef } from '../core/model/object-ref.js';
import { planSync } from '../core/plan/plan-sync.js';
import type { Inventory } from '../core/inventory/inventory.js';
import type { Manifest } from '../core/model/manifest.js';
import type { Revision } from '../core/model/revision.js';
import { TidewayError } from '../core/errors.js';
import { crdScopes } from '../core/plan/crd-scopes.js';
import type { ChangeSetEntry } from '../core/sync/change-set.js';
import type { EngineDeps } from './deps.js';
import { appIdentity, prepareDesired } from './prepare-desired.js';
import { renderApplication } from './render-app.js';
import { redactSensitive } from '../core/secrets/sensitive-values.js';
import type { SyncResult } from './sync-result.js';
import { waitHealthy } from './wait-healthy.js';

export interface SyncRequest {
  dryRun?: boolean;
  /** Prune even when the app's policy does not (CLI `--prune`). */
  prune?: boolean;
  /** Take ownership of conflicting fields (CLI `--force`, or syncOptions Force=true). */
  force?: boolean;
  /** Wait until every object is healthy, up to `timeoutMs`. */
  wait?: boolean;
  timeoutMs?: number;
  /**
   * Sync this revision instead of `targetRevision` (rollback), an already resolved commit (the agent),
   * or a resolve the caller has under way (the command line starts git before it sets up the target).
   */
  revision?: string | Revision | Promise<Revision>;
  /** Called with each object's outcome as soon as it is known (progress output, events). */
  onEntry?: (entry: ChangeSetEntry) => void;
  /** Sees the rendered objects first and returns those to apply (the agent takes out child Applications). */
  onRendered?: (objects: Manifest[], revision: Revision) => Manifest[];
  /** Aborts between stages (a newer revision arrived). */
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/**
 * One sync of one application: resolve, render, plan, apply stage by stage (definitions, then
 * cluster-scoped, then namespaced), prune what left Git (only owned objects, never after a failed
 * or empty render), record the inventory, and report every object's action and health.
 */
export async function syncApplication(deps: EngineDeps, app: ResolvedApplication, request: SyncRequest = {}): Promise<SyncResult> {
  const startedAt = deps.clock().toISOString();
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const options = { dryRun: !!request.dryRun, force: !!request.force || app.syncPolicy.options.force };
  const id = appIdentity(app);
  // The inventory is read while the source fetches and renders (a read, so a failed render has
  // changed nothing); it also opens the target's connection meanwhile. It starts once git is
  // running, so that setting up the connection (TLS) does not hold up starting git.
  // Once the inventory is known, the target may start reading the live objects it lists.
  let sourceWaiting!: () => void;
  const readInventoryNow = new Promise<void>((resolve) => {
    sourceWaiting = resolve;
  });
  const rendering = renderApplication(deps, app, request.revision, sourceWaiting);
  rendering.then(sourceWaiting, sourceWaiting);
  const inventoryRead = readInventoryNow.then(() => deps.target.readInventory(id));
  inventoryRead.then(
    (last) => {
      if (last) deps.target.prefetch?.(id, last.objects);
    },
    () => {
      /* awaited below, after a successful render */
    },
  );
  const rendered = await rendering;
  // Written in slices while the sync waits on the API server (the namespace, the first requests).
  const cachesSaved = rendered.saveCaches();
  try {
    const revision = rendered.revision;
    const objects = request.onRendered ? request.onRendered(rendered.objects, revision) : rendered.objects;
    // The destination namespace is made (or found) while the objects' kinds are looked up; without an
    // inventory (a first sync) it is most likely missing.
    const { ensureNamespace } = deps.target;
    const namespace = app.syncPolicy.options.createNamespace ? app.destination.namespace : undefined;
    const namespaceReady =
      namespace && ensureNamespace
        ? inventoryRead.then((last) => ensureNamespace.call(deps.target, namespace, { ...options, likelyMissing: !last }))
        : undefined;
    namespaceReady?.catch(() => {
      /* awaited below */
    });
    const { desired, scopeOf } = await prepareDesired(deps.target, app, objects);
    const inventory = await inventoryRead;
    const plan = planSync({
      desired,
      inventory,
      scopeOf,
      prune: app.syncPolicy.prune || !!request.prune,
      allowEmpty: app.syncPolicy.allowEmpty,
    });
    const log = deps.log.child({ app: app.name, revision: revision.sha.slice(0, 12) });
    const entries: ChangeSetEntry[] = [];
    const record = (list: ChangeSetEntry[]) => {
      for (let e of list) {
        // A message from the API server may echo a value decrypted from a SOPS file: never keep it.
        if (rendered.sensitive && e.message) e = { ...e, message: redactSensitive(e.message, rendered.sensitive) };
        entries.push(e);
        request.onEntry?.(e);
      }
    };

    let applyOptions: typeof options & { newNamespaces?: string[] } = options;
    if (namespaceReady) {
      const created = await namespaceReady;
      if (created.action !== 'unchanged') record([created]);
      // Just created: nothing lives there yet, so the target need not look.
      if (created.action === 'created' && !options.dryRun) applyOptions = { ...options, newNamespaces: [namespace!] };
    }
    // The inventory is recorded alongside the first requests, as cli-utils records it before it
    // applies: what it held and what this sync applies, so that objects applied by a sync cut short
    // are still known to later prunes. The end of the sync rewrites it only if objects were pruned.
    const planned = dedupe(plan.nextInventory.concat(plan.prune));
    const recordedUpFront =
      options.dryRun || sameInventory(inventory, revision.sha, planned)
        ? undefined
        : deps.target.writeInventory(id, { app: app.name, revision: revision.sha, objects: planned }).then(
            () => true,
            () => false,
          );
    const definedKinds = crdScopes(desired);
    let stageError: string | undefined;
    for (const [index, stage] of plan.stages.entries()) {
      if (request.signal?.aborted) {
        await recordedUpFront;
        throw new TidewayError('Timeout', `sync of ${app.name} at ${revision.sha.slice(0, 12)} cancelled: a newer request arrived`);
      }
      let result = await deps.target.apply(id, stage.objects, applyOptions);
      if (options.dryRun) result = result.map((e) => deferredByDryRun(e, definedKinds));
      record(result);
      if (stage.name === 'definitions' && !options.dryRun) {
        const ok = new Set(result.filter((e) => e.action !== 'failed').map((e) => refKey(e.ref)));
        try {
          await deps.target.waitReady(
            stage.objects.filter((o) => ok.has(refKey(refOf(o)))),
            timeoutMs,
          );
        } catch (error) {
          // Later stages depend on these definitions: skip them, but still record what was applied.
          stageError = (error as Error).message;
          record(
            plan.stages
              .slice(index + 1)
              .flatMap((s) => s.objects)
              .map((o) => ({
                ref: refOf(o),
                action: 'skipped' as const,
                reason: 'DefinitionsNotReady',
                message: `${refString(refOf(o))}: not applied: ${stageError}`,
              })),
          );
          break;
        }
      }
    }

    const prune = async () => {
      // An incomplete sync prunes nothing: those objects stay in the inventory for the next sync.
      if (plan.prune.length === 0 || stageError) return;
      const propagationPolicy = app.syncPolicy.options.prunePropagationPolicy;
      // Dependants first, definitions (CRDs, Namespaces) last.
      const [defs, rest] = partition(
        plan.prune,
        (r) => r.kind === 'CustomResourceDefinition' || (r.kind === 'Namespace' && r.group === ''),
      );
      record(await deps.target.prune(id, rest, { dryRun: options.dryRun, propagationPolicy }));
      record(await deps.target.prune(id, defs, { dryRun: options.dryRun, propagationPolicy }));
    };

    let message: string | undefined = join(plan.pruneRefusal, stageError);
    let inventoryError: string | undefined;
    if (!app.syncPolicy.options.pruneLast) await prune();
    let health = aggregateHealth(entries.filter((e) => e.health).map((e) => e.health!.status));
    // PruneLast: prune as a final step, once everything else is applied and healthy (as Argo CD does).
    const pruneLastPending = app.syncPolicy.options.pruneLast && plan.prune.length > 0 && !stageError;
    let healthTimedOut = false;
    if ((request.wait || pruneLastPending) && !options.dryRun) {
      const waited = await waitHealthy(deps.target, desired.map(refOf), timeoutMs);
      health = waited.health;
      healthTimedOut = waited.timedOut;
      if (waited.timedOut)
        message = join(message, `timed out after ${Math.round(timeoutMs / 1000)}s waiting for health: ${waited.summary}`);
    }
    if (pruneLastPending && healthTimedOut) {
      message = join(message, `PruneLast: ${plan.prune.length} object(s) not pruned, the others never became healthy`);
    } else if (app.syncPolicy.options.pruneLast) await prune();

    if (!options.dryRun) {
      const prunedKeys = new Set(entries.filter((e) => e.action === 'pruned' || e.reason === 'NotOwned').map((e) => refKey(e.ref)));
      const objectsNext = planned.filter((r) => !prunedKeys.has(refKey(r)));
      const recorded = (await recordedUpFront) ? { app: app.name, revision: revision.sha, objects: planned } : inventory;
      if (!sameInventory(recorded, revision.sha, objectsNext)) {
        try {
          await deps.target.writeInventory(id, { app: app.name, revision: revision.sha, objects: objectsNext });
        } catch (error) {
          inventoryError = `inventory not recorded: ${(error as Error).message}`;
        }
      }
    }
    const failures = entries.filter((e) => e.action === 'failed');
    if (failures.length > 0) message = join(`${failures.length} object(s) failed`, message);
    message = join(message, inventoryError);
    const phase = failures.length > 0 || stageError || inventoryError || healthTimedOut ? 'Failed' : 'Succeeded';
    log.info({ phase, objects: entries.length, failed: failures.length, dryRun: options.dryRun }, 'sync finished');
    return {
      app: app.name,
      revision,
      dryRun: options.dryRun,
      phase,
      message,
      entries,
      health,
      startedAt,
      finishedAt: deps.clock().toISOString(),
    };
  } finally {
    await cachesSaved; // on every way out: nothing writes to the cache after the sync returns
  }
}

/** On a dry run a CRD is not created, so its custom resources cannot be checked yet: skipped, not failed. */
function deferredByDryRun(entry: ChangeSetEntry, definedKinds: Map<string, unknown>): ChangeSetEntry {
  if (entry.action === 'failed' && entry.reason === 'UnknownKind' && definedKinds.has(`${entry.ref.group}/${entry.ref.kind}`)) {
    return {
      ...entry,
      action: 'skipped',
      reason: 'DefinitionPending',
      message: `${entry.ref.kind}/${entry.ref.name}: its CustomResourceDefinition is created by this sync`,
    };
  }
  return entry;
}

function partition<T>(items: T[], test: (t: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((t) => !test(t))];
}

function dedupe(refs: ObjectRef[]): ObjectRef[] {
  const seen = new Map<string, ObjectRef>();
  for (const r of refs) seen.set(refKey(r), r);
  return [...seen.values()];
}

/** Skips the inventory write when nothing in it changed: a no-op sync writes nothing at all. */
function sameInventory(current: Inventory | undefined, revision: string, objects: ObjectRef[]): boolean {
  if (!current || current.revision !== revision || current.objects.length !== objects.length) return false;
  const keys = new Set(current.objects.map(refKey));
  return objects.every((r) => keys.has(refKey(r)));
}

function join(a: string | undefined, b: string | undefined): string | undefined {
  return [a, b].filter(Boolean).join('; ') || undefined;
}
