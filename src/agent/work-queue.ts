import type { SyncTrigger } from '../core/reconcile/sync-trigger.js';

/** Why an app is reconciled, and by whom; merged when several arrive before the app is processed. */
export interface WorkItem {
  trigger: SyncTrigger;
  who?: string;
  /** A revision to sync instead of the target revision (rollback). */
  revision?: string;
  /** Fetch the repository before resolving (poll, webhook, user) rather than use the mirror as is. */
  fetch?: boolean;
  /** Prune what left Git even when the app's policy does not (a user's sync with prune). */
  prune?: boolean;
}

const priority: Record<SyncTrigger, number> = { startup: 0, poll: 1, drift: 2, webhook: 3, user: 4, rollback: 5 };

/** Drift to heal, a push, a person: taken before the routine checks (startup, poll) queued earlier. */
export const isUrgent = (item: WorkItem) => priority[item.trigger] >= priority.drift;

export function mergeItems(a: WorkItem | undefined, b: WorkItem): WorkItem {
  if (!a) return b;
  const first = priority[b.trigger] >= priority[a.trigger] ? b : a;
  const merged: WorkItem = { ...first, fetch: !!(a.fetch || b.fetch), revision: b.revision ?? a.revision };
  if (a.prune || b.prune) merged.prune = true;
  return merged;
}

export interface WorkQueue {
  /** Queues `key` now, or after `delayMs`. An immediate add replaces a pending delayed one (a new commit cancels a retry). */
  add(key: string, item: WorkItem, delayMs?: number): void;
  /** Drops queued and delayed work for `key` and aborts its running handler's signal. */
  cancel(key: string): void;
  /** Queued + delayed + running. */
  depth(): number;
  isBusy(key: string): boolean;
  /** Stops taking work; resolves when running handlers finished (or `timeoutMs` passed). */
  stop(timeoutMs: number): Promise<void>;
  /** Resolves when nothing is queued or running (delayed items excluded). */
  idle(): Promise<void>;
}

/**
 * A keyed work queue with a fixed worker pool: one key is never handled by two workers at once;
 * work arriving for a key being handled is kept and handled right after (as client-go's workqueue).
 * Keys may belong to groups (the agent's: the cluster an app deploys to): one group never holds more
 * than `groupLimit` workers, so a cluster whose requests hang until they time out leaves the other
 * workers to the other clusters.
 */
export function createWorkQueue(options: {
  concurrency: number;
  handler: (key: string, item: WorkItem, signal: AbortSignal) => Promise<void>;
  onError?: (key: string, error: unknown) => void;
  onDepth?: (depth: number) => void;
  /** When a key's handler starts: how long it waited since it was queued (ms). */
  onStart?: (key: string, waitedMs: number) => void;
  /** The group of a key (read when the key is taken from the queue). */
  groupOf?: (key: string) => string;
  /** Workers one group may hold at once (read as keys are taken): default the whole pool. */
  groupLimit?: () => number;
}): WorkQueue {
  const queued = new Map<string, WorkItem>(); // insertion order = FIFO
  /** The queued keys whose work is urgent (isUrgent), in the order they became so: served first. */
  const urgent = new Set<string>();
  const putQueued = (key: string, item: WorkItem) => {
    queued.set(key, item);
    if (isUrgent(item)) urgent.add(key);
  };
  const dropQueued = (key: string) => {
    queued.delete(key);
    urgent.delete(key);
  };
  /** When each queued key entered the queue (kept across merges: the wait counts from the first). */
  const queuedAt = new Map<string, number>();
  const dirty = new Map<string, WorkItem>();
  const running = new Map<string, AbortController>();
  /** Workers held per group, and the group each running key was counted in. */
  const busyGroups = new Map<string, number>();
  const groupOfRunning = new Map<string, string>();

  /** The first urgent queued key, else the first queued key (FIFO), whose group has a worker to spare. */
  function next(): [string, WorkItem, string] | undefined {
    const groupLimit = options.groupLimit?.() ?? Infinity;
    for (const key of urgent) {
      const group = options.groupOf?.(key) ?? '';
      if ((busyGroups.get(group) ?? 0) < groupLimit) return [key, queued.get(key)!, group];
    }
    for (const [key, item] of queued) {
      const group = options.groupOf?.(key) ?? '';
      if ((busyGroups.get(group) ?? 0) < groupLimit) return [key, item, group];
    }
    return undefined;
  }
  const delayed = new Map<string, { timer: NodeJS.Timeout; item: WorkItem }>();
  let stopped = false;
  let idleWaiters: Array<() => void> = [];

  const markQueued = (key: string) => {
    if (!queuedAt.has(key)) queuedAt.set(key, performance.now());
  };
  const report = () => options.onDepth?.(queued.size + delayed.size + running.size);

  function pump() {
    while (!stopped && running.size < options.concurrency && queued.size > 0) {
      const taken = next();
      if (!taken) break;
      const [key, item, group] = taken;
      dropQueued(key);
      const since = queuedAt.get(key);
      queuedAt.delete(key);
      if (since !== undefined) options.onStart?.(key, performance.now() - since);
      const controller = new AbortController();
      running.set(key, controller);
      busyGroups.set(group, (busyGroups.get(group) ?? 0) + 1);
      groupOfRunning.set(key, group);
      void options
        .handler(key, item, controller.signal)
        .catch((error) => options.onError?.(key, error))
        .finally(() => {
          running.delete(key);
          const held = groupOfRunning.get(key) ?? '';
          groupOfRunning.delete(key);
          const left = (busyGroups.get(held) ?? 1) - 1;
          if (left > 0) busyGroups.set(held, left);
          else busyGroups.delete(held);
          const again = dirty.get(key);
          if (again) {
            dirty.delete(key);
            markQueued(key);
            putQueued(key, mergeItems(queued.get(key), again));
          }
          report();
          pump();
          if (queued.size === 0 && running.size === 0) {
            const w = idleWaiters;
            idleWaiters = [];
            w.forEach((f) => f());
          }
        });
    }
    report();
  }

  function enqueueNow(key: string, item: WorkItem) {
    const pending = delayed.get(key);
    if (pending) {
      clearTimeout(pending.timer);
      delayed.delete(key);
    }
    if (running.has(key)) dirty.set(key, mergeItems(dirty.get(key), item));
    else {
      markQueued(key);
      putQueued(key, mergeItems(queued.get(key), item));
    }
    pump();
  }

  return {
    add(key, item, delayMs = 0) {
      if (stopped) return;
      if (delayMs <= 0) return enqueueNow(key, item);
      const existing = delayed.get(key);
      if (existing) clearTimeout(existing.timer);
      const timer = setTimeout(() => {
        delayed.delete(key);
        enqueueNow(key, item);
      }, delayMs);
      timer.unref?.();
      delayed.set(key, { timer, item });
      report();
    },
    cancel(key) {
      dropQueued(key);
      queuedAt.delete(key);
      dirty.delete(key);
      const d = delayed.get(key);
      if (d) {
        clearTimeout(d.timer);
        delayed.delete(key);
      }
      running.get(key)?.abort();
      report();
    },
    depth: () => queued.size + delayed.size + running.size,
    isBusy: (key) => running.has(key) || queued.has(key),
    async stop(timeoutMs) {
      stopped = true;
      for (const { timer } of delayed.values()) clearTimeout(timer);
      delayed.clear();
      queued.clear();
      urgent.clear();
      dirty.clear();
      if (running.size === 0) return;
      await Promise.race([new Promise<void>((r) => idleWaiters.push(r)), new Promise<void>((r) => setTimeout(r, timeoutMs).unref?.())]);
    },
    idle() {
      if (queued.size === 0 && running.size === 0) return Promise.resolve();
      return new Promise((r) => idleWaiters.push(r));
    },
  };
}
