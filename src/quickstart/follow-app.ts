import type { AgentControl, AppView } from '../agent/agent-control.js';
import type { AppStatus } from '../store/store.js';
import { describeStatusChange, describeSync } from './app-events.js';
import { QuickstartError } from './quickstart-error.js';

export interface AppFollower {
  /** Resolves with the app once it is Synced and Healthy (by a reconcile of this run); rejects on timeout or abort. */
  untilReady(options: { timeoutMs: number; signal?: AbortSignal }): Promise<AppView>;
  stop(): void;
}

/**
 * Polls the agent for one app and prints what happens to it: syncs as they finish, sync status and
 * health changes, new problems. Status written before `since` (by an earlier run) is not trusted.
 */
export function followApp(
  control: AgentControl,
  app: string,
  print: (line: string) => void,
  options: { since: string; pollMs?: number },
): AppFollower {
  let lastStatus: AppStatus | undefined;
  let lastSyncId: number | undefined;
  let latest: AppView | undefined;
  const waiters = new Set<() => void>();

  let polling = false;
  const poll = async () => {
    if (polling) return;
    polling = true;
    try {
      await pollOnce();
    } catch {
      /* the next poll tries again */
    } finally {
      polling = false;
    }
  };
  const pollOnce = async () => {
    lastSyncId ??= Math.max(0, ...((await control.history(app, 100)) ?? []).map((s) => s.id));
    const view = await control.getApp(app);
    if (!view) return;
    latest = view;
    // One sync runs at a time per app, so a running one is always the newest: printed once it finishes.
    const since = lastSyncId;
    const finished = ((await control.history(app, 20)) ?? [])
      .filter((s) => s.id > since && s.result !== 'Running')
      .sort((a, b) => a.id - b.id);
    for (const sync of finished) print(describeSync(sync));
    lastSyncId = Math.max(lastSyncId, ...finished.map((s) => s.id));
    const status = view.status;
    if (status && status.updatedAt >= options.since) {
      for (const line of describeStatusChange(lastStatus, status)) print(line);
      lastStatus = status;
    }
    for (const wake of waiters) wake();
  };
  const timer = setInterval(poll, options.pollMs ?? 200);

  const ready = () => {
    const s = lastStatus;
    return s !== undefined && s.syncStatus === 'Synced' && s.health.status === 'Healthy' && s.conditions.length === 0;
  };

  return {
    untilReady({ timeoutMs, signal }) {
      return new Promise<AppView>((resolve, reject) => {
        const finish = (error?: Error) => {
          clearTimeout(deadline);
          waiters.delete(check);
          signal?.removeEventListener('abort', aborted);
          if (error) reject(error);
          else resolve(latest!);
        };
        const check = () => {
          if (ready()) finish();
        };
        const aborted = () => finish(new QuickstartError('Timeout', `stopped before ${app} was ready`));
        const deadline = setTimeout(() => {
          const s = lastStatus;
          const state = s
            ? `${s.syncStatus}, ${s.health.status}${s.conditions.map((c) => `; ${c.type}: ${c.message}`).join('')}`
            : 'not reconciled yet';
          finish(new QuickstartError('Timeout', `${app} is not Synced and Healthy after ${+(timeoutMs / 1000).toFixed(1)} s (${state})`));
        }, timeoutMs);
        if (signal?.aborted) return aborted();
        signal?.addEventListener('abort', aborted);
        waiters.add(check);
        check();
      });
    },
    stop() {
      clearInterval(timer);
    },
  };
}
