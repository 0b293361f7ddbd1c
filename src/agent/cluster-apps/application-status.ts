import type { AppStatus, SyncRecord } from '../../store/store.js';

/** Syncs kept in an Application's status (as Argo CD's); the full history stays in the agent's store. */
export const STATUS_HISTORY = 10;

export interface StatusCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
}

const operation = (s: SyncRecord) => ({
  id: s.id,
  revision: s.revision.sha,
  trigger: s.trigger,
  ...(s.who ? { who: s.who } : {}),
  phase: s.result,
  startedAt: s.startedAt,
  ...(s.finishedAt ? { finishedAt: s.finishedAt } : {}),
  ...(s.message ? { message: s.message.slice(0, 1000) } : {}),
});

/**
 * The `status` of an Application object from what the agent's store holds: sync (with the live
 * revision: the last successful sync's, during a rollback too), health, conditions, the current (or
 * last) operation and the last 10 syncs. Pure: the caller stamps the time.
 */
export function applicationStatus(
  status: AppStatus | undefined,
  history: SyncRecord[],
  extra: { observedGeneration?: number; now: string; conditions?: StatusCondition[] },
): Record<string, unknown> {
  const live = history.find((s) => s.result === 'Succeeded');
  const conditions: StatusCondition[] = [
    ...(status?.conditions ?? []).map((c) => ({
      type: c.type,
      status: 'True' as const,
      reason: c.type,
      message: c.message.slice(0, 1000),
      lastTransitionTime: c.since,
    })),
    ...(extra.conditions ?? []),
  ];
  return {
    ...(extra.observedGeneration !== undefined ? { observedGeneration: extra.observedGeneration } : {}),
    sync: {
      status: status?.syncStatus ?? 'Unknown',
      ...((live?.revision.sha ?? status?.revision?.sha) ? { revision: (live?.revision.sha ?? status?.revision?.sha)!.slice(0, 12) } : {}),
    },
    health: {
      status: status?.health.status ?? 'Unknown',
      ...(status?.health.message ? { message: status.health.message.slice(0, 1000) } : {}),
    },
    conditions,
    ...(history[0] ? { operationState: operation(history[0]) } : {}),
    history: history.slice(0, STATUS_HISTORY).map(operation),
    reconciledAt: extra.now,
  };
}
