import type { HealthStatus } from '../core/health/health-status.js';
import type { SyncTrigger } from '../core/reconcile/sync-trigger.js';
import type { ChangeSetEntry } from '../core/sync/change-set.js';

/**
 * The agent's durable state: per-app status, sync history and an append-only audit log.
 * Vocabulary shared by the API, the UI, the CLI and the store. Times are ISO 8601 strings taken
 * from the clock the store was opened with. Methods are asynchronous (a database server may answer
 * them); reads return copies, so callers may mutate what they get back.
 * Secrets are never stored: sync entries keep refs, actions, reasons, messages and health only.
 */

/** Whether the live state matches Git at the app's revision. */
export type SyncStatusCode = 'Synced' | 'OutOfSync' | 'Unknown';

/** How a sync ended (`Running` while it has not). `Interrupted`: the agent stopped mid-sync. */
export type SyncResultCode = 'Succeeded' | 'Failed' | 'Running' | 'Interrupted' | 'Cancelled';

/** Standing problems shown beside an app's status until they clear. */
export type ConditionType =
  | 'ComparisonError'
  | 'SourceUnavailable'
  | 'SyncError'
  | 'SharedResource'
  | 'OwnedElsewhere'
  | 'ManagedByAnotherAgent'
  | 'VerificationFailed'
  | 'DecryptionFailed'
  | 'PolicyDenied'
  | 'ProjectViolation'
  | 'WaitingForDependencies'
  | 'DependencyCycle';

/** What an audit event records. */
export type AuditAction =
  | 'sync.finished'
  | 'webhook.accepted'
  | 'webhook.rejected'
  | 'rollback'
  | 'resume'
  | 'app.added'
  | 'app.removed'
  | 'agent.started'
  | 'agent.stopped'
  | 'app.updated'
  | 'sync.requested'
  | 'drift.detected'
  | 'drift.backoff'
  | 'drift.healed'
  | 'objects.adopted'
  | 'revision.refused'
  | 'project.violation'
  | 'source.unavailable'
  | 'pause'
  | 'refresh'
  | 'auth.login'
  | 'auth.login.failed'
  | 'auth.logout'
  | 'token.created'
  | 'token.revoked';

export interface CommitInfo {
  sha: string;
  author?: string;
  message?: string;
  /** ISO 8601 commit date. */
  date?: string;
}

export interface AppCondition {
  type: ConditionType;
  message: string;
  /** When the condition was first seen (ISO 8601). */
  since: string;
}

/** The newest sync of an app, as shown beside its status. */
export interface SyncSummary {
  id: number;
  result: SyncResultCode;
  trigger: SyncTrigger;
  revision: string;
  startedAt: string;
  finishedAt?: string;
  message?: string;
}

export interface AppStatus {
  app: string;
  syncStatus: SyncStatusCode;
  health: HealthStatus;
  /** The commit the app was last compared against, when one was resolved. */
  revision?: CommitInfo;
  /** Derived by the store from the history: the app's newest sync (running or finished). */
  lastSync?: SyncSummary;
  conditions: AppCondition[];
  /** Automated sync is paused (a rollback pauses it until `resume`). */
  paused: boolean;
  updatedAt: string;
}

/** What callers write: the store stamps `updatedAt` and derives `lastSync`. */
export type AppStatusInput = Omit<AppStatus, 'updatedAt' | 'lastSync'>;

/** Some fields of an app's status, for `patchStatus`. */
export type StatusPatch = Partial<Omit<AppStatusInput, 'app'>>;

export interface SyncRecord {
  id: number;
  app: string;
  revision: { sha: string; author?: string; message?: string };
  trigger: SyncTrigger;
  /** The commit author (webhook, poll) or the user who asked (user, rollback). */
  who?: string;
  /** The replica that ran the sync (sharded replicas, `--replica-id`); absent for a single agent. */
  owner?: string;
  startedAt: string;
  finishedAt?: string;
  result: SyncResultCode;
  message?: string;
  /** What happened to each object. */
  entries: ChangeSetEntry[];
}

/** A new sync: it starts `Running` with no entries; `startedAt` defaults to the clock. */
export type SyncStart = Omit<SyncRecord, 'id' | 'finishedAt' | 'result' | 'message' | 'entries' | 'startedAt'> & {
  startedAt?: string;
};

export interface InterruptScope {
  owner?: string;
  apps?: readonly string[];
}

export interface SyncFinish {
  result: Exclude<SyncResultCode, 'Running'>;
  message?: string;
  entries: ChangeSetEntry[];
  /** Defaults to the clock. */
  finishedAt?: string;
}

export interface AuditEvent {
  id: number;
  at: string;
  /** Who acted: a user, `agent`, or the webhook provider (`webhook:github`). */
  actor: string;
  action: AuditAction;
  app?: string;
  /** Free-form details; keys that look like secrets are redacted before storing. */
  detail: Record<string, unknown>;
}

/** A new audit event; `at` defaults to the clock. */
export type AuditInput = Omit<AuditEvent, 'id' | 'at'> & { at?: string };

export interface AuditQuery {
  app?: string;
  /** At most this many events (default 100, at most 1000). */
  limit?: number;
  /** Only events with a larger id: the oldest `limit` of them (a cursor for following the log).
   *  Without it: the newest `limit` events. Either way, oldest first. */
  afterId?: number;
}

export interface Store {
  getStatus(app: string): Promise<AppStatus | undefined>;
  /** Every app's status, by app name. */
  listStatuses(): Promise<AppStatus[]>;
  /** Creates or replaces an app's status; returns what is stored. */
  putStatus(status: AppStatusInput): Promise<AppStatus>;
  /**
   * Changes the given fields of an app's status and keeps the others, in one atomic step (a new app
   * starts Unknown, with no conditions, not paused); returns what is stored.
   */
  patchStatus(app: string, fields: StatusPatch): Promise<AppStatus>;
  /** Forgets an app's status and sync history (the audit log keeps its events). */
  deleteApp(app: string): Promise<void>;

  /** Records a sync as `Running`; drops the app's oldest syncs beyond the history limit. */
  startSync(start: SyncStart): Promise<number>;
  /**
   * Adds entries to a running sync as its objects' outcomes become known, so a sync that never
   * finishes (the agent killed) keeps what it applied. False when there is no such sync or it is no
   * longer running. `finishSync` then writes the complete list.
   */
  appendSyncEntries(id: number, entries: ChangeSetEntry[]): Promise<boolean>;
  /** Finishes a running sync. False when there is no such sync or it is no longer running. */
  finishSync(id: number, finish: SyncFinish): Promise<boolean>;
  /** An app's syncs, newest first (default limit: the history limit). */
  listHistory(app: string, limit?: number): Promise<SyncRecord[]>;
  getSync(id: number): Promise<SyncRecord | undefined>;
  /**
   * Every sync still `Running` becomes `Interrupted`, finished at `now` (at agent start), keeping its
   * entries. Returns how many. `scope` narrows it for replicas sharing one store: `owner`, only the
   * syncs this replica ran; `apps`, only those of these apps (a shard just taken from a lost replica).
   */
  markInterrupted(now?: Date, scope?: InterruptScope): Promise<number>;

  appendAudit(event: AuditInput): Promise<AuditEvent>;
  listAudit(query?: AuditQuery): Promise<AuditEvent[]>;

  close(): Promise<void>;
}
