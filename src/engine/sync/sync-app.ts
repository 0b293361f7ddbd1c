import type { ResolvedApplication } from '../../core/application/application.js';
import { TidewayError } from '../../core/errors.js';
import type { Manifest } from '../../core/model/manifest.js';
import { type ObjectRef, refKey } from '../../core/model/object-ref.js';
import type { Revision } from '../../core/model/revision.js';
import { CLI_MANAGER, decideManager } from '../../core/inventory/manager-decision.js';
import { planSync } from '../../core/plan/plan-sync.js';
import type { SyncEventListener } from '../../core/sync/sync-event.js';
import { syncHealth } from '../../core/sync/sync-health.js';
import type { ApplyOptions } from '../../target/target.js';
import type { EngineDeps } from '../deps.js';
import { appHealthTable } from '../app-health-table.js';
import { appIdentity, prepareDesired } from '../prepare-desired.js';
import { renderApplication } from '../render-app.js';
import type { SyncResult } from '../sync-result.js';
import { enforceProject } from './enforce-project.js';
import { nameGeneratedHooks } from './name-hooks.js';
import { pruneGone } from './prune.js';
import { recordOutcomes, type SyncContext } from './sync-context.js';
import { runSyncFailHooks, runWaves } from './run-waves.js';
import { waitForHealth } from './wait-health.js';
import { recordInventoryAtEnd, recordInventoryUpFront } from './write-inventory.js';

export interface SyncRequest {
  dryRun?: boolean;
  /** Prune even when the app's policy does not (CLI `--prune`). */
  prune?: boolean;
  /** Take over existing objects other apps and tools manage (CLI `--adopt`, as syncOptions Adopt=true). */
  adopt?: boolean;
  /** Wait until every object is healthy, up to `timeoutMs`. */
  wait?: boolean;
  timeoutMs?: number;
  /**
   * Sync this revision instead of `targetRevision` (rollback), an already resolved commit (the agent),
   * or a resolve the caller has under way (the command line starts git before it sets up the target).
   */
  revision?: string | Revision | Promise<Revision>;
  /** Hears every step and every object's outcome as soon as it is known (see SyncEvent). */
  onEvent?: SyncEventListener;
  /** Sees the rendered objects first and returns those to apply (the agent takes out child Applications). */
  onRendered?: (objects: Manifest[], revision: Revision) => Manifest[];
  /** Cancels between steps (a newer revision arrived): the sync throws a `Cancelled` error. */
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/**
 * One sync of one application, as a sequence of small tasks (one file each):
 *   render (while the inventory is read) -> plan -> for each wave of PreSync, Sync, PostSync (run-waves.ts):
 *   apply definitions -> wait for them -> apply cluster-scoped -> apply namespaced -> start hooks ->
 *   [wait for the wave's health and hooks] -> prune -> [wait for health] -> [PruneLast prune] ->
 *   [SyncFail hooks, when it failed] -> record the inventory.
 * What each task found is reported as SyncEvents while it runs and returned as a SyncResult.
 * Prune deletes only owned objects, never after a failed or empty render, never after a stage failed.
 */
export async function syncApplication(deps: EngineDeps, app: ResolvedApplication, request: SyncRequest = {}): Promise<SyncResult> {
  const startedAt = deps.clock().toISOString();
  const emit: SyncEventListener = request.onEvent ?? (() => {});
  // Git wins: every field the manifests set is taken back from whoever changed it (as Flux does, and
  // Argo CD with server-side apply); fields Git does not set stay with their managers.
  const adopt = { adopt: !!request.adopt || app.syncPolicy.options.adopt, adoptFrom: app.syncPolicy.options.adoptFrom };
  const baseOptions = {
    dryRun: !!request.dryRun,
    force: true,
    adopt,
    ignoreDifferences: app.ignoreDifferences,
    respectIgnoreDifferences: app.syncPolicy.options.respectIgnoreDifferences,
    // The app's CEL checks, then the agent's, then the target's: compiled before anything is read or written.
    healthTable: await appHealthTable(deps.target.healthTable, deps.healthChecks, app),
  };
  const id = appIdentity(app);

  // Timing, not logic: the inventory is read while the source fetches and renders (a read, so a
  // failed render has changed nothing), once git is running, so that opening the target's connection
  // does not hold up starting git; once it is known the target may start reading the live objects it
  // lists (prefetch).
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
  // Written in slices while the sync waits on the target (the namespace, the first requests).
  const cachesSaved = rendered.saveCaches();
  try {
    const revision = rendered.revision;
    const objects = nameGeneratedHooks(request.onRendered ? request.onRendered(rendered.objects, revision) : rendered.objects);
    // The destination namespace is made (or found) while the objects' kinds are looked up; without an
    // inventory (a first sync) it is most likely missing.
    const { ensureNamespace } = deps.target;
    const namespace = app.syncPolicy.options.createNamespace ? app.destination.namespace : undefined;
    const createNamespace = () => {
      const ready =
        namespace && ensureNamespace
          ? inventoryRead.then((last) => ensureNamespace.call(deps.target, namespace, { ...baseOptions, likelyMissing: !last }))
          : undefined;
      ready?.catch(() => {
        /* awaited below */
      });
      return ready;
    };
    // With a project, its check on the objects comes before any write, the namespace's included.
    let namespaceReady = deps.project ? undefined : createNamespace();
    const { desired, scopeOf } = await prepareDesired(deps.target, app, objects);
    if (deps.project) {
      enforceProject(deps.project, app, desired, scopeOf);
      namespaceReady = createNamespace();
    }
    const inventory = await inventoryRead;
    const manager = decideManager(inventory, deps.manager ?? CLI_MANAGER, adopt.adopt);
    if (manager.decision === 'refuse') throw new TidewayError('ManagedByAnotherAgent', manager.message);
    // Policies before any write: a Deny violation throws PolicyDenied (nothing applied, nothing pruned);
    // warnings are reported with the result. The policy engine (CEL) is loaded only for an app that has policies.
    const policyWarnings =
      app.policies?.length || deps.agentPolicies
        ? await (await import('../../policy/load-policies.js')).enforceAppPolicies(
            { source: deps.source, agentPolicies: deps.agentPolicies, renderer: deps.renderer },
            app,
            revision,
            desired,
          )
        : [];
    const describeViolation =
      policyWarnings.length > 0 ? (await import('../../policy/admission/policy-gate.js')).describeViolation : () => '';
    const plan = planSync({
      desired,
      inventory,
      scopeOf,
      prune: app.syncPolicy.prune || !!request.prune,
      allowEmpty: app.syncPolicy.allowEmpty,
      pruneCRDsWithResources: app.syncPolicy.options.pruneCRDsWithResources,
    });
    emit({ type: 'started', app: app.name, revision, dryRun: baseOptions.dryRun, objects: desired.length });

    let applyOptions: ApplyOptions = baseOptions;
    const earlyEntries = [];
    if (namespaceReady) {
      const created = await namespaceReady;
      if (created.action !== 'unchanged') earlyEntries.push(created);
      // Just created (or, on a dry run, to be created): nothing lives there yet, so the target need not look.
      if (created.action === 'created') applyOptions = { ...baseOptions, newNamespaces: [namespace!] };
    }
    const ctx: SyncContext = {
      deps,
      app,
      id,
      revision,
      desired,
      plan,
      inventory,
      planned: dedupe(plan.nextInventory.concat(plan.prune)),
      applyOptions,
      timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      signal: request.signal,
      entries: [],
      notes: [
        ...[plan.emptyRender ?? plan.pruneRefusal, ...plan.pruneNotes].filter((n): n is string => n !== undefined),
        ...policyWarnings.map((v) => `policy warning: ${describeViolation(v)}`),
      ],
      healthTimedOut: false,
      inventoryFailed: false,
      sensitive: rendered.sensitive,
      emit,
    };
    recordOutcomes(ctx, earlyEntries);
    const recordedUpFront = recordInventoryUpFront(ctx);

    await runWaves(ctx, async () => {
      if (!request.signal?.aborted) return;
      await recordedUpFront;
      throw new TidewayError('Cancelled', `sync of ${app.name} at ${revision.sha.slice(0, 12)} cancelled: a newer request arrived`);
    });

    const pruneLast = app.syncPolicy.options.pruneLast;
    if (!pruneLast) await pruneGone(ctx);
    // PruneLast: prune as a final step, once everything else is applied and healthy (as Argo CD does).
    const pruneLastPending = pruneLast && plan.prune.length > 0 && !ctx.stageError;
    if ((request.wait || pruneLastPending) && !applyOptions.dryRun) await waitForHealth(ctx);
    if (pruneLastPending && ctx.healthTimedOut) {
      ctx.notes.push(`PruneLast: ${plan.prune.length} object(s) not pruned, the others never became healthy`);
    } else if (pruneLast) await pruneGone(ctx);
    const failedSoFar = !!ctx.stageError || ctx.healthTimedOut || ctx.entries.some((e) => e.action === 'failed');
    if (failedSoFar && plan.syncFail.length > 0) await runSyncFailHooks(ctx);
    await recordInventoryAtEnd(ctx, await recordedUpFront);

    const failures = ctx.entries.filter((e) => e.action === 'failed');
    const message = [failures.length > 0 ? `${failures.length} object(s) failed` : undefined, ctx.stageError, ...ctx.notes]
      .filter(Boolean)
      .join('; ');
    const failed = failures.length > 0 || !!ctx.stageError || ctx.inventoryFailed || ctx.healthTimedOut || !!plan.emptyRender;
    const phase = failed ? 'Failed' : 'Succeeded';
    const health = syncHealth(
      ctx.entries.filter((e) => !e.hook),
      !!applyOptions.dryRun,
      ctx.health,
    );
    deps.log
      .child({ app: app.name, revision: revision.sha.slice(0, 12) })
      .info({ phase, objects: ctx.entries.length, failed: failures.length, dryRun: applyOptions.dryRun }, 'sync finished');
    emit({ type: 'finished', phase, health, message: message || undefined });
    return {
      app: app.name,
      revision,
      dryRun: !!applyOptions.dryRun,
      phase,
      message: message || undefined,
      entries: ctx.entries,
      health,
      startedAt,
      finishedAt: deps.clock().toISOString(),
    };
  } finally {
    await cachesSaved; // on every way out: nothing writes to the cache after the sync returns
  }
}

function dedupe(refs: ObjectRef[]): ObjectRef[] {
  const seen = new Map<string, ObjectRef>();
  for (const r of refs) seen.set(refKey(r), r);
  return [...seen.values()];
}
