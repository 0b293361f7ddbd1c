/**
 * Who writes an app's lifecycle audit rows (`app.added`, `app.updated`, `app.removed`) when several
 * replicas load the same apps. A single agent writes every row as before. Sharded replicas all load
 * every app, so each would write its own row: only the replica that owns the app (holds its shard)
 * writes, and `app.added` is written once per app's life, checked against the last lifecycle row
 * the shared store holds. While nobody holds the shard (replicas joining), nobody writes; the
 * replica that acquires the shard then writes `app.added` for its apps not yet recorded.
 */
export type LifecycleAction = 'app.added' | 'app.updated' | 'app.removed';

export const LIFECYCLE_ACTIONS: readonly LifecycleAction[] = ['app.added', 'app.updated', 'app.removed'];

export interface LifecycleAuditInput {
  action: LifecycleAction;
  /** Replicas share the apps (`--shards`). */
  sharded: boolean;
  /** This replica holds the app's shard now (ignored when not sharded). */
  owns: boolean;
  /**
   * Sharded, `app.added` only: the app's newest lifecycle row in the shared store (undefined: none).
   * An app is added once per life: again only after its `app.removed`.
   */
  lastRecorded?: LifecycleAction;
}

export function writesLifecycleAudit(input: LifecycleAuditInput): boolean {
  if (!input.sharded) return true;
  if (!input.owns) return false;
  if (input.action !== 'app.added') return true;
  return input.lastRecorded === undefined || input.lastRecorded === 'app.removed';
}
