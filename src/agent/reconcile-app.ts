import type { ResolvedApplication } from '../core/application/application.js';
import { RenderError, SourceError, TidewayError } from '../core/errors.js';
import type { Manifest } from '../core/model/manifest.js';
import { refString } from '../core/model/object-ref.js';
import type { EngineDeps } from '../engine/deps.js';
import { syncApplication } from '../engine/sync-app.js';
import type { SyncResult } from '../engine/sync-result.js';
import type { Revision } from '../core/model/revision.js';
import type { HealthStatus } from '../core/health/health-status.js';
import type { AppStatus, Condition, ConditionType, Store, SyncTrigger } from '../store/store.js';
import type { WorkItem } from './work-queue.js';

/** What the agent remembers about an app between reconciles (the rest is in the store). */
export interface AppRuntime {
  lastSyncedRevision?: string;
  failedRevision?: string;
  attempts: number;
}

export interface ReconcileOutcome {
  /** Reconcile again after this delay (retry with backoff, source unavailable). */
  retryAfterMs?: number;
  /** Objects were re-applied because of drift (for the drift guard). */
  healed: boolean;
  result?: SyncResult;
  syncStatus: AppStatus['syncStatus'];
}

export interface ReconcileContext {
  deps: EngineDeps;
  store: Store;
  resolve(app: ResolvedApplication, item: WorkItem): Promise<Revision>;
  /** Takes child Applications out of a parent's rendered objects (app of apps). */
  onRendered(app: ResolvedApplication, objects: Manifest[]): Manifest[];
  retryDelayMs(app: ResolvedApplication, attempt: number): number;
}

const HEALABLE: SyncTrigger[] = ['drift', 'poll', 'startup'];

function condition(type: ConditionType, message: string, now: string, previous: Condition[]): Condition[] {
  const since = previous.find((c) => c.type === type)?.since ?? now;
  return [{ type, message, since }];
}

function commitInfo(r: Revision) {
  return { sha: r.sha, author: r.author, message: r.message, date: r.date };
}

/** The app's health with the reason: the first object in the app's (worst) state, and its message. */
export function appHealth(result: SyncResult): HealthStatus {
  if (result.health === 'Healthy') return { status: 'Healthy' };
  const worst = result.entries.find((e) => e.health?.status === result.health);
  return worst
    ? { status: result.health, message: `${refString(worst.ref)}: ${worst.health!.message ?? worst.health!.status}` }
    : { status: result.health };
}

function changed(result: SyncResult): boolean {
  return result.entries.some((e) => e.action !== 'unchanged' && e.action !== 'skipped');
}

/**
 * One reconcile of one app: resolve its revision, then
 * - a new revision (automated), a user request or a rollback: sync it, recorded in history;
 * - the same revision: a dry run (no writes; unchanged objects cost no request) and, when something
 *   drifted, a heal with selfHeal or OutOfSync without it.
 * A source or render failure never applies or prunes anything; it sets a condition and retries.
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
  const paused = previous?.paused ?? false;
  let revision: Revision;
  try {
    revision = await ctx.resolve(app, item);
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    await store.patchStatus(app.name, { conditions: condition('SourceUnavailable', error.message, now(), previous?.conditions ?? []) });
    runtime.attempts++;
    await store.appendAudit({
      actor: 'agent',
      action: 'source.unavailable',
      app: app.name,
      detail: { message: error.message, code: error.code },
    });
    return { retryAfterMs: ctx.retryDelayMs(app, runtime.attempts), healed: false, syncStatus: previous?.syncStatus ?? 'Unknown' };
  }

  const explicit = item.trigger === 'user' || item.trigger === 'rollback';
  const newRevision = revision.sha !== runtime.lastSyncedRevision;
  const automatedApply = app.syncPolicy.automated && !paused && (newRevision || app.syncPolicy.selfHeal);
  const onRendered = (objects: Manifest[]) => ctx.onRendered(app, objects);
  // Automated apps take back the fields their manifests set (a hand edit moves ownership to the
  // editor), as Flux and Argo CD do; fields Git does not set are never touched.
  const force = app.syncPolicy.options.force || app.syncPolicy.automated || explicit;
  const base = { revision, onRendered, signal, force };

  try {
    // Same revision, nothing asked explicitly: find out first whether anything would change.
    if (!explicit && !(newRevision && automatedApply)) {
      const dry = await syncApplication(deps, app, { ...base, dryRun: true });
      const drifted = changed(dry) || dry.entries.some((e) => e.action === 'failed');
      if (!drifted || !automatedApply || !HEALABLE.includes(item.trigger)) {
        const syncStatus = drifted || (newRevision && !automatedApply) ? 'OutOfSync' : 'Synced';
        if (drifted && item.trigger === 'drift') {
          await store.appendAudit({
            actor: 'agent',
            action: 'drift.detected',
            app: app.name,
            detail: {
              selfHeal: app.syncPolicy.selfHeal,
              paused,
              objects: dry.entries
                .filter((e) => e.action !== 'unchanged')
                .map((e) => `${e.action} ${refString(e.ref)}`)
                .slice(0, 50),
            },
          });
        }
        await store.patchStatus(app.name, { syncStatus, health: appHealth(dry), revision: commitInfo(revision), conditions: [] });
        return { healed: false, syncStatus, result: dry };
      }
    }

    if (!explicit && !automatedApply) {
      await store.patchStatus(app.name, { syncStatus: 'OutOfSync', revision: commitInfo(revision), conditions: [] });
      return { healed: false, syncStatus: 'OutOfSync' };
    }

    const trigger: SyncTrigger = item.trigger;
    const who = item.who ?? revision.author;
    const id = await store.startSync({
      app: app.name,
      revision: { sha: revision.sha, author: revision.author, message: revision.message },
      trigger,
      who,
      startedAt: now(),
    });
    let result: SyncResult;
    try {
      result = await syncApplication(deps, app, { ...base, prune: !!item.prune });
    } catch (error) {
      await store.finishSync(id, { result: 'Failed', message: (error as Error).message, entries: [], finishedAt: now() });
      throw error;
    }
    await store.finishSync(id, {
      result: result.phase === 'Succeeded' ? 'Succeeded' : 'Failed',
      message: result.message,
      entries: result.entries,
      finishedAt: now(),
    });
    if (result.phase === 'Succeeded') {
      runtime.lastSyncedRevision = revision.sha;
      runtime.attempts = 0;
      runtime.failedRevision = undefined;
      await store.patchStatus(app.name, {
        syncStatus: 'Synced',
        health: appHealth(result),
        revision: commitInfo(revision),
        conditions: [],
      });
      return { healed: trigger === 'drift' || (!newRevision && changed(result)), syncStatus: 'Synced', result };
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
      conditions: condition('SyncError', result.message ?? 'sync failed', now(), previous?.conditions ?? []),
    });
    const retry = runtime.attempts <= app.syncPolicy.retry.limit ? ctx.retryDelayMs(app, runtime.attempts) : undefined;
    return { retryAfterMs: retry, healed: false, syncStatus: 'OutOfSync', result };
  } catch (error) {
    if (signal.aborted) return { healed: false, syncStatus: previous?.syncStatus ?? 'Unknown' };
    const type: ConditionType =
      error instanceof RenderError ? 'ComparisonError' : error instanceof SourceError ? 'SourceUnavailable' : 'SyncError';
    const message = error instanceof TidewayError ? error.message : `internal error: ${(error as Error).message}`;
    await store.patchStatus(app.name, {
      syncStatus: 'Unknown',
      revision: commitInfo(revision),
      conditions: condition(type, message, now(), previous?.conditions ?? []),
    });
    runtime.attempts++;
    return { retryAfterMs: ctx.retryDelayMs(app, runtime.attempts), healed: false, syncStatus: 'Unknown' };
  }
}
