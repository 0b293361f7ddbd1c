import type { HealthCode } from '../core/health/health-status.js';
import type { SyncStatusCode } from '../store/store.js';

/** What the query reads of an app (AppView has it all). */
export interface QueryableApp {
  name: string;
  source: { repoURL: string };
  destination: { target: 'kubernetes' | 'host'; namespace?: string; context?: string; server?: string; name?: string };
  status?: { health: { status: HealthCode }; syncStatus: SyncStatusCode } | undefined;
  labels?: Record<string, string>;
  cluster?: string;
}

/** Which apps to show, one page of them: the dashboard's list and `GET /api/v1/apps?limit=`. */
export interface AppQuery<T extends QueryableApp = QueryableApp> {
  /** Case-insensitive substring of the name (or of the repository URL). */
  search?: string;
  health?: HealthCode[];
  sync?: SyncStatusCode[];
  cluster?: string[];
  namespace?: string[];
  /** `key=value` (that value) or `key` (any value); every one must match. */
  label?: string[];
  offset?: number;
  limit?: number;
  /** Only apps this returns true for are seen at all (the caller's authorization). */
  visible?: (app: T) => boolean;
}

export interface AppFacets {
  health: Partial<Record<HealthCode, number>>;
  sync: Partial<Record<SyncStatusCode, number>>;
  clusters: string[];
  namespaces: string[];
}

export interface AppPage<T extends QueryableApp = QueryableApp> {
  apps: T[];
  /** Apps matching the filters (before the page is cut). */
  total: number;
  offset: number;
  limit: number;
  /** Counts and values over every visible app, for the filters' choices. */
  facets: AppFacets;
}

/**
 * The cluster an app's destination names, as filters and grants name it: `host`, a registered
 * cluster's name, the context, the server, or `default` (the agent's own cluster, however it is
 * spelt: nothing, `name: in-cluster` or `server: https://kubernetes.default.svc`).
 */
export function clusterOf(destination: QueryableApp['destination']): string {
  if (destination.target === 'host') return 'host';
  if (destination.name === 'in-cluster' || /^https:\/\/kubernetes\.default\.svc(:443)?\/?$/.test(destination.server ?? ''))
    return 'default';
  return destination.name ?? destination.context ?? destination.server ?? 'default';
}

function labelMatches(labels: Record<string, string>, wanted: string): boolean {
  const eq = wanted.indexOf('=');
  if (eq < 0) return Object.hasOwn(labels, wanted.trim());
  const key = wanted.slice(0, eq).trim();
  return Object.hasOwn(labels, key) && labels[key] === wanted.slice(eq + 1).trim();
}

const some = <T>(list: T[] | undefined) => (list && list.length > 0 ? list : undefined);

/** Lower-cased `name` and repository per app object, so a keystroke does not lower-case 10,000 strings again. */
const searchKeys = new WeakMap<object, string>();
function searchKey(app: QueryableApp): string {
  let key = searchKeys.get(app);
  if (key === undefined) {
    key = `${app.name}\n${app.source.repoURL}`.toLowerCase();
    searchKeys.set(app, key);
  }
  return key;
}

/**
 * Filters, counts and pages the given apps (already in display order). One pass; no copies of unseen
 * apps. `statusOf` reads an app's status (default: its `status` field), so callers may keep statuses apart.
 */
export function queryApps<T extends QueryableApp>(
  all: readonly T[],
  query: AppQuery<T>,
  statusOf: (app: T) => QueryableApp['status'] = (app) => app.status,
): AppPage<T> {
  const offset = query.offset ?? 0;
  const limit = query.limit ?? all.length;
  const search = query.search?.trim().toLowerCase() || undefined;
  const health = some(query.health);
  const sync = some(query.sync);
  const clusters = some(query.cluster);
  const namespaces = some(query.namespace);
  const labels = some(query.label);
  const facets: AppFacets = { health: {}, sync: {}, clusters: [], namespaces: [] };
  const clusterSet = new Set<string>();
  const namespaceSet = new Set<string>();
  const matched: T[] = [];
  for (const app of all) {
    if (query.visible && !query.visible(app)) continue;
    const status = statusOf(app);
    const h = status?.health.status ?? 'Unknown';
    const s = status?.syncStatus ?? 'Unknown';
    const cluster = app.cluster ?? clusterOf(app.destination);
    facets.health[h] = (facets.health[h] ?? 0) + 1;
    facets.sync[s] = (facets.sync[s] ?? 0) + 1;
    clusterSet.add(cluster);
    if (app.destination.namespace) namespaceSet.add(app.destination.namespace);
    if (search && !searchKey(app).includes(search)) continue;
    if (health && !health.includes(h)) continue;
    if (sync && !sync.includes(s)) continue;
    if (clusters && !clusters.includes(cluster)) continue;
    if (namespaces && !namespaces.includes(app.destination.namespace ?? '')) continue;
    if (labels && !labels.every((l) => labelMatches(app.labels ?? {}, l))) continue;
    matched.push(app);
  }
  facets.clusters = [...clusterSet].sort();
  facets.namespaces = [...namespaceSet].sort();
  return { apps: matched.slice(offset, offset + limit), total: matched.length, offset, limit, facets };
}
