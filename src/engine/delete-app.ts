/**
 * Deleting an application with cascade (a cluster Application deleted with its finalizer, an app file
 * removed): its objects are pruned, then its PostDelete hooks run, as Argo CD runs them. The hooks are
 * rendered from the last synced revision before anything is deleted (a render that fails is noted and
 * the deletion goes on without hooks), applied once the prune is done, and waited on up to a timeout:
 * a hook that fails or never ends is reported, and never blocks the deletion beyond that.
 *
 * Deletion policies: HookSucceeded and HookFailed as in a sync; BeforeHookCreation (the default) has no
 * next run to wait for once the app is gone, so a hook that succeeded is deleted, and a failed one is
 * kept for inspection (HookFailed deletes it).
 */
import type { ResolvedApplication } from '../core/application/application.js';
import type { Manifest } from '../core/model/manifest.js';
import { refKey, refOf, type ObjectRef } from '../core/model/object-ref.js';
import type { Revision } from '../core/model/revision.js';
import { planSync } from '../core/plan/plan-sync.js';
import type { PlannedWave } from '../core/plan/plan-waves.js';
import type { ChangeSetEntry } from '../core/sync/change-set.js';
import type { HookRunStatus, SyncEventListener } from '../core/sync/sync-event.js';
import { appHealthTable } from './app-health-table.js';
import type { EngineDeps } from './deps.js';
import { appIdentity, prepareDesired } from './prepare-desired.js';
import { renderApplication } from './render-app.js';
import { deleteHooks } from './sync/delete-hooks.js';
import { deletePoliciesOf, reportHook } from './sync/hook-status.js';
import { nameGeneratedHooks } from './sync/name-hooks.js';
import type { SyncContext } from './sync/sync-context.js';
import { startHooks } from './sync/start-hooks.js';
import { waitForWave } from './sync/wait-wave.js';

/** How long PostDelete hooks are waited on (Argo CD waits without end; a deletion must end). */
export const DEFAULT_POST_DELETE_TIMEOUT_MS = 5 * 60_000;

export interface DeleteRequest {
  /** The revision the hooks are rendered from: the app's last synced commit. None: no hooks run. */
  revision?: string | Revision;
  timeoutMs?: number;
  onEvent?: SyncEventListener;
}

export interface PostDeleteHookRun {
  ref: ObjectRef;
  status: HookRunStatus;
  message?: string;
}

export interface DeleteResult {
  /** Objects deleted by the prune. */
  pruned: number;
  /** The prune's outcomes that failed (kept in the inventory, tried again by no one but a person). */
  failed: ChangeSetEntry[];
  /** Each PostDelete hook's run, as it ended (Running: still running when the wait timed out). */
  hooks: PostDeleteHookRun[];
  /** The commit the hooks were rendered from. */
  revision?: string;
  /** Why the hooks did not all succeed (a render error, a failed hook, the timeout). */
  problem?: string;
}

/** Renders the PostDelete hooks of `app` at `revision`, owned by the app (namespaces defaulted, names generated). */
async function postDeleteHooks(deps: EngineDeps, app: ResolvedApplication, revision: string | Revision) {
  const rendered = await renderApplication(deps, app, revision);
  await rendered.saveCaches();
  const objects = nameGeneratedHooks(rendered.objects);
  const { desired, scopeOf } = await prepareDesired(deps.target, app, objects);
  const plan = planSync({ desired, inventory: undefined, scopeOf, prune: false, allowEmpty: true });
  return { revision: rendered.revision, hooks: plan.postDelete, plan, desired };
}

export async function deleteApplication(deps: EngineDeps, app: ResolvedApplication, request: DeleteRequest = {}): Promise<DeleteResult> {
  const { target } = deps;
  const id = appIdentity(app);
  const emit = request.onEvent ?? (() => {});
  let rendered: Awaited<ReturnType<typeof postDeleteHooks>> | undefined;
  let problem: string | undefined;
  if (request.revision !== undefined) {
    try {
      rendered = await postDeleteHooks(deps, app, request.revision);
    } catch (error) {
      problem = `PostDelete hooks not run: the last synced revision could not be rendered: ${(error as Error).message}`;
    }
  }

  const inventory = await target.readInventory(id);
  const pruneResult = await target.prune(id, inventory?.objects ?? [], {
    propagationPolicy: app.syncPolicy.options.prunePropagationPolicy,
  });
  const failed = pruneResult.filter((e) => e.action === 'failed');
  await target.writeInventory(id, { app: app.name, objects: failed.map((e) => e.ref) });
  const result: DeleteResult = { pruned: pruneResult.filter((e) => e.action === 'pruned').length, failed, hooks: [] };
  if (!rendered || rendered.hooks.length === 0) return { ...result, ...(problem && { problem }) };

  const hooks: Manifest[] = rendered.hooks;
  result.revision = rendered.revision.sha;
  const ctx: SyncContext = {
    deps,
    app,
    id,
    revision: rendered.revision,
    desired: hooks,
    plan: rendered.plan,
    inventory: undefined,
    planned: [],
    applyOptions: { force: true, healthTable: await appHealthTable(target.healthTable, deps.healthChecks, app) },
    timeoutMs: request.timeoutMs ?? DEFAULT_POST_DELETE_TIMEOUT_MS,
    entries: [],
    notes: [],
    healthTimedOut: false,
    inventoryFailed: false,
    emit,
  };
  const wave: PlannedWave = { phase: 'PostDelete', wave: 0, stages: [], hooks };
  emit({ type: 'wave', phase: 'PostDelete', wave: 0, objects: 0, hooks: hooks.length });
  const running = await startHooks(ctx, wave);
  const outcome = await waitForWave(ctx, wave, [], running);
  const runs = new Map<string, HookRunStatus>(hooks.map((h) => [refKey(refOf(h)), 'Failed']));
  for (const h of running) runs.set(refKey(refOf(h)), outcome.hooks.get(refKey(refOf(h))) ?? 'Running');
  // Deleted as their policies say; BeforeHookCreation has no next run once the app is gone.
  const due = running.filter((h) => {
    const status = runs.get(refKey(refOf(h)));
    const policies = deletePoliciesOf(h);
    return (
      (status === 'Succeeded' && (policies.includes('HookSucceeded') || policies.includes('BeforeHookCreation'))) ||
      (status === 'Failed' && policies.includes('HookFailed'))
    );
  });
  if (due.length > 0) {
    for (const d of await deleteHooks(ctx, due.map(refOf)))
      if (d.action === 'pruned')
        reportHook(ctx, 'PostDelete', d.ref, 'Deleted', `deleted: its run ${runs.get(refKey(d.ref))?.toLowerCase()}`);
  }
  result.hooks = hooks.map((h) => {
    const ref = refOf(h);
    const entry = ctx.entries.find((e) => e.hook === 'PostDelete' && refKey(e.ref) === refKey(ref));
    const message = entry?.action === 'failed' ? entry.message : entry?.health?.message;
    return { ref, status: runs.get(refKey(ref))!, ...(message && { message }) };
  });
  const unfinished = result.hooks.filter((h) => h.status !== 'Succeeded');
  if (outcome.problem || unfinished.length > 0)
    result.problem =
      outcome.problem ??
      `PostDelete hook(s) did not succeed: ${unfinished.map((h) => `${h.ref.kind}/${h.ref.name} ${h.status}`).join(', ')}`;
  return result;
}
