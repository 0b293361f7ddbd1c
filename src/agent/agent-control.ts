import type { AppStatus, AuditEvent, AuditQuery, SyncRecord } from '../store/store.js';
import type { WebhookProvider } from './webhooks/index.js';

/** An app as the API, CLI and dashboard show it: its definition summary and its status. */
export interface AppView {
  name: string;
  source: { repoURL: string; targetRevision: string; path: string };
  destination: { target: 'kubernetes' | 'host'; namespace?: string; context?: string; server?: string };
  automated: boolean;
  prune: boolean;
  selfHeal: boolean;
  status: AppStatus | undefined;
}

/**
 * An Application file (or --apps path) the agent could not load, with its error naming the file and
 * field. Apps it held when it last loaded are kept as they were; other files load on their own.
 */
export interface InvalidAppFile {
  file: string;
  error: string;
}

export type ControlResult<T> = { ok: true; value: T } | { ok: false; status: 400 | 404 | 409; error: string };

/**
 * What the running agent offers to its HTTP API (and, through it, to the CLI and a dashboard).
 * `who` is the user (or token name) the request came from, recorded in history and audit.
 */
export interface AgentControl {
  listApps(): Promise<AppView[]>;
  /** Application files that failed to load at the last scan (optional: an agent without files has none). */
  invalidFiles?(): InvalidAppFile[];
  getApp(name: string): Promise<AppView | undefined>;
  history(name: string, limit?: number): Promise<SyncRecord[] | undefined>;
  getSync(id: number): Promise<SyncRecord | undefined>;
  /** Queues a sync of the app's target revision now (trigger `user`); resolves once queued. */
  requestSync(name: string, who: string): Promise<ControlResult<{ queued: true }>>;
  /** Re-syncs an earlier recorded revision (`to`: a SHA or prefix from history; or `steps` back) and pauses automation. */
  rollback(name: string, options: { to?: string; steps?: number }, who: string): Promise<ControlResult<{ revision: string }>>;
  /** Resumes automated sync after a rollback. */
  resume(name: string, who: string): Promise<ControlResult<{ resumed: true }>>;
  audit(query: AuditQuery): Promise<AuditEvent[]>;
  /** Verifies and handles a webhook; returns the HTTP status and a short JSON body. */
  webhook(
    provider: WebhookProvider,
    request: { headers: Record<string, string | undefined>; body: Buffer },
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  /** True once every app has been loaded and the first reconcile pass was queued. */
  ready(): boolean;
}
