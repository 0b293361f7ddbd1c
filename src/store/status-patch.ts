import type { AppStatus, AppStatusInput } from './store.js';

/** The status of an app nothing is known about yet: what `patchStatus` starts from. */
export function statusDefaults(app: string): AppStatusInput {
  return { app, syncStatus: 'Unknown', health: { status: 'Unknown' }, conditions: [], paused: false };
}

/** A stored status as callers write it: without the fields the store stamps or derives. */
export function withoutStamps(status: AppStatus): AppStatusInput {
  const { updatedAt: _updatedAt, lastSync: _lastSync, ...input } = status;
  return input;
}
