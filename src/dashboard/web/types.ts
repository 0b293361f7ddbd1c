/**
 * The API's shapes as the dashboard reads them (see src/agent/agent-control.ts and src/store/store.ts):
 * written out here because browser code never imports server code.
 */
export type Health = 'Healthy' | 'Suspended' | 'Progressing' | 'Unknown' | 'Missing' | 'Degraded';
export type SyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';

export interface AppStatus {
  app: string;
  syncStatus: SyncStatus;
  health: { status: Health; message?: string };
  revision?: { sha: string; author?: string; message?: string; date?: string };
  lastSync?: { id: number; result: string; trigger: string; revision: string; startedAt: string; finishedAt?: string; message?: string };
  conditions: Array<{ type: string; message: string; since: string }>;
  paused: boolean;
  updatedAt: string;
}

export interface AppView {
  name: string;
  source: { repoURL: string; targetRevision: string; path: string };
  destination: { target: 'kubernetes' | 'host'; namespace?: string; context?: string; server?: string };
  automated: boolean;
  prune: boolean;
  selfHeal: boolean;
  status?: AppStatus;
  labels?: Record<string, string>;
  cluster?: string;
  /** Only on GET /apps/:name: what the signed-in user may do to it. */
  can?: { operate: boolean };
}

export interface AppPage {
  apps: AppView[];
  total: number;
  offset: number;
  limit: number;
  facets: { health: Partial<Record<Health, number>>; sync: Partial<Record<SyncStatus, number>>; clusters: string[]; namespaces: string[] };
}

export interface ObjectRef {
  group: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface ResourceNode {
  id: string;
  parentId?: string;
  ref: ObjectRef;
  managed: boolean;
  health?: { status: Health; message?: string };
  sync?: SyncStatus;
  info?: string;
}

export interface ResourceTree {
  app: string;
  revision?: { sha: string; message?: string };
  nodes: ResourceNode[];
  error?: string;
}

export interface DiffEntry {
  ref: ObjectRef;
  change: 'create' | 'update' | 'delete' | 'none' | 'error';
  diff: string;
  message?: string;
}

export interface AppDiff {
  app: string;
  revision: { sha: string; message?: string; author?: string };
  entries: DiffEntry[];
  inSync: boolean;
}

export interface SyncRecord {
  id: number;
  app: string;
  revision: { sha: string; author?: string; message?: string };
  trigger: string;
  who?: string;
  startedAt: string;
  finishedAt?: string;
  result: string;
  message?: string;
  /** What the sync did, in order: objects and hook runs. */
  entries?: SyncEntryView[];
}

export interface SyncEntryView {
  ref: ObjectRef;
  action: string;
  message?: string;
  health?: { status: string; message?: string };
  /** The phase a hook ran in (PreSync, Sync, PostSync, SyncFail). */
  hook?: string;
}

export interface AuditEvent {
  id: number;
  at: string;
  actor: string;
  action: string;
  app?: string;
  detail: Record<string, unknown>;
}

export interface Me {
  user: string;
  role: 'viewer' | 'operator' | 'admin' | null;
  via: string;
  csrfToken?: string;
}

export type AgentEvent =
  | { type: 'app.status'; app: string; status: AppStatus }
  | { type: 'app.removed'; app: string }
  | { type: 'sync.started'; app: string; id: number }
  | { type: 'sync.finished'; app: string; id: number; result: string }
  | { type: 'audit'; app?: string; event: AuditEvent };
