import picomatch from 'picomatch';

/**
 * Roles and what they allow, shared by the API, the dashboard and the CLI.
 * - viewer: read apps, their trees, diffs, history and audit;
 * - operator: also sync, refresh, roll back, pause and resume;
 * - admin: also manage other users' API tokens and read the agent-wide audit log.
 */
export type Role = 'viewer' | 'operator' | 'admin';
export const roles: readonly Role[] = ['viewer', 'operator', 'admin'];

/** What a request does to an app. */
export type AppAction = 'view' | 'operate';

/**
 * One role over some apps: every selector given must match (an absent one matches any app).
 * `apps`: name globs (`web-*`); `namespaces`: destination namespaces; `clusters`: destination clusters
 * (kubeconfig context or server, `default`, or `host`).
 */
export interface Grant {
  role: Role;
  apps?: string[];
  namespaces?: string[];
  clusters?: string[];
}

/** The part of an app a grant is scoped by. */
export interface AppScope {
  name: string;
  namespace?: string;
  cluster: string;
}

const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };
const needed: Record<AppAction, Role> = { view: 'viewer', operate: 'operator' };

const matcherCache = new Map<string, (name: string) => boolean>();
function globMatch(glob: string, name: string): boolean {
  let m = matcherCache.get(glob);
  if (!m) {
    m = picomatch(glob, { dot: true });
    if (matcherCache.size > 1000) matcherCache.clear();
    matcherCache.set(glob, m);
  }
  return m(name);
}

/** True when the grant covers the app (whatever its role). */
export function grantCovers(grant: Grant, app: AppScope): boolean {
  if (grant.apps && !grant.apps.some((g) => globMatch(g, app.name))) return false;
  if (grant.namespaces && !grant.namespaces.includes(app.namespace ?? '')) return false;
  if (grant.clusters && !grant.clusters.includes(app.cluster)) return false;
  return true;
}

/** True when some grant allows `action` on `app`. */
export function allows(grants: readonly Grant[], action: AppAction, app: AppScope): boolean {
  const role = needed[action];
  return grants.some((g) => rank[g.role] >= rank[role] && grantCovers(g, app));
}

/** True when some grant is `role` (or higher) over every app (no selector): agent-wide rights. */
export function allowsEverywhere(grants: readonly Grant[], role: Role): boolean {
  return grants.some((g) => rank[g.role] >= rank[role] && !g.apps && !g.namespaces && !g.clusters);
}

/** The highest role among the grants, for display (`viewer` when none). */
export function highestRole(grants: readonly Grant[]): Role | undefined {
  let best: Role | undefined;
  for (const g of grants) if (!best || rank[g.role] > rank[best]) best = g.role;
  return best;
}
