import type { AppStatus, AuditEvent, AuditQuery, SyncRecord } from '../store/store.js';
import type { DiffEntry } from '../core/sync/change-set.js';
import type { ResourceNode } from '../core/tree/resource-tree.js';
import type { AgentEvent } from './agent-events.js';
import type { AppWait } from './waiting-for.js';
import type { AppPage, AppQuery } from './app-query.js';
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
  /** The Application's `metadata.labels` (for filters). */
  labels?: Record<string, string>;
  /** The destination as filters and grants name it: its kubeconfig context, server, `default` or `host`. */
  cluster?: string;
  /**
   * The dependencies (`spec.dependsOn`) not yet Synced and Healthy, with why (added in v1, compatible:
   * absent for an app without dependencies, empty once it waits for nothing).
   */
  waitingFor?: AppWait[];
  /** Sharded replicas (`--shards`): the app's shard, and the replica holding it now ('' when none does). */
  shard?: number;
  owner?: string;
}

/** What a sync would change: the per-object diff between Git (at `revision`) and the live state. */
export interface AppDiff {
  app: string;
  revision: { sha: string; message?: string; author?: string };
  entries: DiffEntry[];
  inSync: boolean;
}

/** The app's objects and, under them, what controllers made of them (ReplicaSets, Pods). */
export interface ResourceTree {
  app: string;
  revision?: AppDiff['revision'];
  nodes: ResourceNode[];
  /** Why Git could not be compared (render or source error); the live part is still shown. */
  error?: string;
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
  /** One filtered page of apps (the dashboard's list); apps in name order. */
  queryApps(query: AppQuery<AppView>): Promise<AppPage<AppView>>;
  /** Queues a sync of the app's target revision now (trigger `user`); resolves once queued. `prune`: prune even when the app's policy does not. */
  requestSync(name: string, who: string, options?: { prune?: boolean }): Promise<ControlResult<{ queued: true }>>;
  /** What a sync would change, without changing anything (dry run); `revision`: another commit of the history (rollback preview). */
  diff(name: string, options?: { revision?: string; prune?: boolean }): Promise<ControlResult<AppDiff>>;
  /** The app's resource tree with health and sync per node. */
  resourceTree(name: string): Promise<ControlResult<ResourceTree>>;
  /** Fetches the repository and compares again now (an automated app then syncs what changed). */
  refresh(name: string, who: string): Promise<ControlResult<{ queued: true }>>;
  /** Pauses automated sync (until `resume`). */
  pause(name: string, who: string): Promise<ControlResult<{ paused: true }>>;
  /** Live changes (status, syncs, audit), for Server-Sent Events; returns the unsubscribe. */
  subscribe(listener: (event: AgentEvent) => void): () => void;
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
