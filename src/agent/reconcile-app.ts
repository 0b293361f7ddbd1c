import type { ResolvedApplication } from '../core/application/application.js';
import { RenderError, SourceError, TidewayError } from '../core/errors.js';
import type { HealthStatus } from '../core/health/health-status.js';
import type { Manifest } from '../core/model/manifest.js';
import { refString } from '../core/model/object-ref.js';
import type { Revision } from '../core/model/revision.js';
import { backoffMs, decideAfterCompare, decideReconcile, decideRetry, type ReconcileFacts } from '../core/reconcile/decide-reconcile.js';
import type { SyncEventListener } from '../core/sync/sync-event.js';
import { describeCycle, findDependencyCycle } from '../core/application/dependency-cycle.js';
import { describeWaits, pendingDependencies } from '../core/reconcile/dependencies.js';
import { entryHealth } from '../core/sync/sync-health.js';
import type { EngineDeps } from '../engine/deps.js';
import { syncApplication } from '../engine/sync/sync-app.js';
import type { SyncResult } from '../engine/sync-result.js';
import type { CommitInfo, AppCondition, ConditionType, Store, SyncStatusCode } from '../store/store.js';
import { recordSyncEntries } from './sync-entries-recorder.js';
import type { WorkItem } from './work-queue.js';
import { describeViolations, type ProjectViolation } from '../core/project/project-violation.js';

/** What the agent remembers about an app between reconciles (the rest is in the store). */
export interface AppRuntime {
  lastSyncedRevision?: string;
  failedRevision?: string;
  attempts: number;
}

export interface ReconcileOutcome {
  /** Reconcile again after this delay (a retry with backoff, a source that could not be reached, a heal held back). */
  retryAfterMs?: number;
  /** Objects were re-applied because they had drifted (for the fight guard). */
  healed: boolean;
  /** A drift event found objects changed outside Git and they were reported, not healed (for the drift metric). */
  driftReported: boolean;
  result?: SyncResult;
  syncStatus: SyncStatusCode;
}

export interface ReconcileContext {
  deps: EngineDeps;
  store: Store;
  resolve(app: ResolvedApplication, item: WorkItem): Promise<Revision>;
  /** Takes child Applications out of a parent's rendered objects (app of apps). */
  onRendered(app: ResolvedApplication, objects: Manifest[]): Manifest[];
  /** How long the fight guard still holds heals of this app back (core/reconcile/fight-guard.ts). */
  healWaitMs(app: string): number;
  /** What the app breaks of its project, checked before anything is fetched or rendered (empty: allowed). */
  admit?(app: ResolvedApplication): ProjectViolation[];
  /** Hears the events of the syncs that write (not of comparisons). */
  onSyncEvent?(app: string): SyncEventListener | undefined;
  /** Every app the agent runs, to find dependency cycles (spec.dependsOn); without it none are looked for. */
  apps?(): ReadonlyArray<ResolvedApplication>;
}

function conditionsWith(type: ConditionType, message: string, now: string, previous: AppCondition[]): AppCondition[] {
  const since = previous.find((c) => c.type === type)?.since ?? now;
  return [{ type, message, since }];
}

function commitInfo(r: Revision): CommitInfo {
  return { sha: r.sha, author: r.author, message: r.message, date: r.date };
}

/** The app's health with the reason: the first object in the app's (worst) state, and its message. */
export function appHealth(result: SyncResult): HealthStatus {
  if (result.health === 'Healthy') return { status: 'Healthy' };
  for (const entry of result.entries) {
    const health = entryHealth(entry, result.dryRun);
    if (health?.status === result.health)
      return { status: result.health, message: `${refString(entry.ref)}: ${health.message ?? health.status}` };
  }
  return { status: result.health };
}

/** The condition a failed sync sets: ownership refusals are their own, so that status says why at once. */
function failureCondition(result: SyncResult): ConditionType {
  const refused = result.entries.find((e) => e.action === 'failed' && (e.reason === 'SharedResource' || e.reason === 'OwnedElsewhere'));
  return (refused?.reason as ConditionType | undefined) ?? 'SyncError';
}

/** What the app's dependencies say: the ones not yet Synced and Healthy, or the cycle it is part of. */
async function dependencyFacts(
  ctx: ReconcileContext,
  app: ResolvedApplication,
): Promise<Pick<ReconcileFacts, 'waitingFor' | 'dependencyCycle'>> {
  const cycle = ctx.apps ? findDependencyCycle(ctx.apps()) : undefined;
  if (cycle?.includes(app.name)) return { dependencyCycle: cycle };
  const statuses = new Map(await Promise.all((app.dependsOn ?? []).map(async (d) => [d.name, await ctx.store.getStatus(d.name)] as const)));
  return {
    waitingFor: pendingDependencies(app.dependsOn ?? [], (name) => {
      const status = statuses.get(name);
      return status ? { syncStatus: status.syncStatus, health: status.health.status } : undefined;
    }),
  };
}

/** Whether a comparison (a dry-run sync) found anything that a sync would change, or that failed (an empty render). */
/** The comparison found the app's objects different from Git. Hooks run at each sync and are no part of its state (as in Argo CD). */
function differs(result: SyncResult): boolean {
  return result.phase === 'Failed' || result.entries.some((e) => !e.hook && e.action !== 'unchanged' && e.action !== 'skipped');
}

/**
 * One reconcile of one app. The decisions are the core's (core/reconcile/decide-reconcile.ts); this
 * function carries them out: resolve the revision; sync, compare or wait as decided; after a
 * comparison, record the app as Synced, heal it, back off, or record it OutOfSync (and drift in the
 * audit log); keep status, history and audit in the store. A source or render failure never applies
 * or prunes anything: it sets a condition and is retried with backoff.
 */
export async function reconcileApp(
  ctx: ReconcileContext,
  app: ResolvedApplication,
  runtime: AppRuntime,
  item: WorkItem,
  signal: AbortSignal,
): Promise<ReconcileOutcome> {
  const { store, deps } = ctx;
  const now = () => deps.clock().toISOString();
  const previous = await store.getStatus(app.name);
  const unchangedStatus = previous?.syncStatus ?? 'Unknown';
  const retryPolicy = app.syncPolicy.retry;
  const refused = ctx.admit?.(app) ?? [];
  if (refused.length > 0) return refuseByProject(store, app, refused, now(), previous?.conditions ?? []);
  let revision: Revision;
  try {
    revision = await ctx.resolve(app, item);
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    await store.patchStatus(app.name, {
      conditions: conditionsWith('SourceUnavailable', error.message, now(), previous?.conditions ?? []),
    });
    runtime.attempts++;
    await store.appendAudit({
      actor: 'agent',
      action: 'source.unavailable',
      app: app.name,
      detail: { message: error.message, code: error.code },
    });
    return { retryAfterMs: backoffMs(runtime.attempts, retryPolicy), healed: false, driftReported: false, syncStatus: unchangedStatus };
  }

  const facts: ReconcileFacts = {
    trigger: item.trigger,
    newRevision: revision.sha !== runtime.lastSyncedRevision,
    policy: { automated: app.syncPolicy.automated, selfHeal: app.syncPolicy.selfHeal },
    paused: previous?.paused ?? false,
    healWaitMs: ctx.healWaitMs(app.name),
    ...(app.dependsOn?.length ? await dependencyFacts(ctx, app) : {}),
  };
  const step = decideReconcile(facts);
  if (step.step === 'wait') {
    const waiting = step.dependencyCycle
      ? ({ type: 'DependencyCycle', message: describeCycle(step.dependencyCycle) } as const)
      : step.waitingFor
        ? ({ type: 'WaitingForDependencies', message: describeWaits(step.waitingFor) } as const)
        : undefined;
    if (waiting) {
      await store.patchStatus(app.name, { conditions: conditionsWith(waiting.type, waiting.message, now(), previous?.conditions ?? []) });
    }
    return { retryAfterMs: step.delayMs, healed: false, driftReported: false, syncStatus: unchangedStatus };
  }
  const base = { revision, onRendered: (objects: Manifest[]) => ctx.onRendered(app, objects), signal };

  try {
    let heal = false;
    if (step.step === 'compare') {
      const dry = await syncApplication(deps, app, { ...base, dryRun: true });
      const after = decideAfterCompare({ ...facts, differs: differs(dry) });
      if (after.step === 'back-off')
        return { retryAfterMs: after.delayMs, healed: false, driftReported: false, syncStatus: unchangedStatus };
      if (after.step !== 'heal') {
        const syncStatus = after.step === 'synced' ? 'Synced' : 'OutOfSync';
        if (after.step === 'out-of-sync' && after.drift) {
          await store.appendAudit({
            actor: 'agent',
            action: 'drift.detected',
            app: app.name,
            detail: {
              selfHeal: app.syncPolicy.selfHeal,
              paused: facts.paused,
              objects: dry.entries
                .filter((e) => e.action !== 'unchanged')
                .map((e) => `${e.action} ${refString(e.ref)}`)
                .slice(0, 50),
            },
          });
        }
        // A comparison that failed as a whole (an empty render) says why beside the status.
        const conditions =
          dry.phase === 'Failed' && dry.message ? conditionsWith('ComparisonError', dry.message, now(), previous?.conditions ?? []) : [];
        await store.patchStatus(app.name, { syncStatus, health: appHealth(dry), revision: commitInfo(revision), conditions });
        return { healed: false, driftReported: after.step === 'out-of-sync' && after.drift, syncStatus, result: dry };
      }
      heal = true;
    }

    const who = item.who ?? revision.author;
    const id = await store.startSync({
      app: app.name,
      revision: { sha: revision.sha, author: revision.author, message: revision.message },
      trigger: item.trigger,
      who,
      startedAt: now(),
    });
    let result: SyncResult;
    // Each object's outcome goes into the running sync's history as it happens: a sync the agent never finishes keeps them.
    const recorder = recordSyncEntries(store, id, deps.log);
    const listener = ctx.onSyncEvent?.(app.name);
    try {
      result = await syncApplication(deps, app, {
        ...base,
        prune: !!item.prune,
        onEvent: (event) => {
          recorder.onEvent(event);
          listener?.(event);
        },
      });
    } catch (error) {
      await recorder.close();
      const cancelled = error instanceof TidewayError && error.code === 'Cancelled';
      await store.finishSync(id, {
        result: cancelled ? 'Cancelled' : 'Failed',
        message: (error as Error).message,
        entries: [],
        finishedAt: now(),
      });
      throw error;
    }
    await recorder.close();
    const succeeded = result.phase === 'Succeeded';
    await store.finishSync(id, { result: result.phase, message: result.message, entries: result.entries, finishedAt: now() });
    const adopted = result.entries.filter((e) => e.reason === 'Adopted');
    if (adopted.length > 0) {
      await store.appendAudit({
        actor: who ?? 'agent',
        action: 'objects.adopted',
        app: app.name,
        detail: { revision: revision.sha, objects: adopted.slice(0, 50).map((e) => e.message ?? refString(e.ref)) },
      });
    }
    await store.appendAudit({
      actor: who ?? 'agent',
      action: 'sync.finished',
      app: app.name,
      detail: {
        revision: revision.sha,
        trigger: item.trigger,
        result: result.phase,
        changed: result.entries.filter((e) => e.action !== 'unchanged').length,
      },
    });
    if (succeeded) {
      runtime.lastSyncedRevision = revision.sha;
      runtime.attempts = 0;
      runtime.failedRevision = undefined;
      await store.patchStatus(app.name, {
        syncStatus: 'Synced',
        health: appHealth(result),
        revision: commitInfo(revision),
        conditions: [],
      });
      return { healed: heal, driftReported: false, syncStatus: 'Synced', result };
    }
    if (runtime.failedRevision !== revision.sha) {
      runtime.failedRevision = revision.sha;
      runtime.attempts = 0;
    }
    runtime.attempts++;
    await store.patchStatus(app.name, {
      syncStatus: 'OutOfSync',
      health: appHealth(result),
      revision: commitInfo(revision),
      conditions: conditionsWith(failureCondition(result), result.message ?? 'sync failed', now(), previous?.conditions ?? []),
    });
    return {
      retryAfterMs: decideRetry(runtime.attempts, retryPolicy),
      healed: false,
      driftReported: false,
      syncStatus: 'OutOfSync',
      result,
    };
  } catch (error) {
    if (signal.aborted) return { healed: false, driftReported: false, syncStatus: unchangedStatus };
    const code = error instanceof TidewayError ? error.code : undefined;
    const type: ConditionType =
      code === 'ManagedByAnotherAgent' ||
      code === 'VerificationFailed' ||
      code === 'DecryptionFailed' ||
      code === 'PolicyDenied' ||
      code === 'ProjectViolation'
        ? code
        : error instanceof RenderError
          ? 'ComparisonError'
          : error instanceof SourceError
            ? 'SourceUnavailable'
            : 'SyncError';
    const message = error instanceof TidewayError ? error.message : `internal error: ${(error as Error).message}`;
    if (code === 'VerificationFailed' && !previous?.conditions.some((c) => c.type === code && c.message === message)) {
      // An unsigned or badly signed revision is never rendered nor applied; that it was refused is on record.
      await store.appendAudit({ actor: 'agent', action: 'revision.refused', app: app.name, detail: { revision: revision.sha, message } });
    }
    await store.patchStatus(app.name, {
      syncStatus: 'Unknown',
      revision: commitInfo(revision),
      conditions: conditionsWith(type, message, now(), previous?.conditions ?? []),
    });
    runtime.attempts++;
    return { retryAfterMs: backoffMs(runtime.attempts, retryPolicy), healed: false, driftReported: false, syncStatus: 'Unknown' };
  }
}

/**
 * An app that breaks its project is neither fetched nor rendered: its status says why
 * (`ProjectViolation`, naming each rule), and the refusal is audited once per distinct message.
 * No retry: a change of its file, its parent's render or the projects brings it back.
 */
async function refuseByProject(
  store: Store,
  app: ResolvedApplication,
  violations: ProjectViolation[],
  now: string,
  previous: AppCondition[],
): Promise<ReconcileOutcome> {
  const message = `refused by its project before any fetch or render: ${describeViolations(violations)}`;
  if (!previous.some((c) => c.type === 'ProjectViolation' && c.message === message))
    await store.appendAudit({
      actor: 'agent',
      action: 'project.violation',
      app: app.name,
      detail: { project: app.project ?? 'default', rules: violations.map((v) => v.rule), message },
    });
  await store.patchStatus(app.name, { syncStatus: 'Unknown', conditions: conditionsWith('ProjectViolation', message, now, previous) });
  return { healed: false, driftReported: false, syncStatus: 'Unknown' };
}
