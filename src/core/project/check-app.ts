import type { ResolvedApplication } from '../application/application.js';
import { checkFetch } from './check-fetch.js';
import { sourceAllowed } from './source-allowed.js';
import { globMatch } from './glob.js';
import { isInside, isLocalRepoURL, localRepoPath } from './local-source.js';
import { DEFAULT_PROJECT, type AppOriginKind, type ProjectDestination, type ResolvedProject } from './project.js';
import type { ProjectViolation } from './project-violation.js';

export { sourceAllowed };

export interface AppCheckInput {
  app: ResolvedApplication;
  origin: AppOriginKind;
  /** For a child app: its parent's project. */
  parentProject?: string;
  /** The projects by name (the implicit `default` included when none is declared). */
  projects: ReadonlyMap<string, ResolvedProject>;
  /** The agent's data directory (as configured and its real path): never a source, whatever the project says. */
  protectedDirs: readonly string[];
  /** For a local repoURL, its real absolute path (symlinks resolved by the caller), when it exists. */
  realLocalPath?: string;
  /** For an Application object of the cluster: its namespace, and the agent's own (where any project may be named). */
  objectNamespace?: string;
  agentNamespace?: string;
}

/** The project an app belongs to: `spec.project`, or `default`. */
export function projectOf(app: ResolvedApplication): string {
  return app.project ?? DEFAULT_PROJECT;
}

/**
 * What an app breaks of its project before anything is fetched or rendered: the project must exist;
 * a child app may name only its parent's project or one that lists the parent's project in
 * `parentProjects`; the agent's data directory is never a source; a child app never uses a local
 * path or `file://`; then the project's sourceRepos, destinations and permissions. Empty: allowed.
 */
export function checkApp(input: AppCheckInput): ProjectViolation[] {
  const { app, origin } = input;
  const name = projectOf(app);
  const violations: ProjectViolation[] = [];
  const url = app.source.repoURL;

  const local = isLocalRepoURL(url);
  const paths = [localRepoPath(url), input.realLocalPath].filter((p): p is string => p !== undefined);
  if (local && input.protectedDirs.some((dir) => paths.some((p) => isInside(p, dir))))
    violations.push({ rule: 'AgentDataDir', message: "spec.source.repoURL: the agent's data directory is never a source" });
  if (local && origin === 'parent')
    violations.push({
      rule: 'LocalSource',
      message: "spec.source.repoURL: a child Application cannot use a local path or file:// (only apps of the operator's files can)",
    });

  const project = input.projects.get(name);
  if (!project) {
    violations.push({ rule: 'UnknownProject', message: `spec.project: project ${JSON.stringify(name)} is not defined` });
    return violations;
  }
  if (origin === 'parent') {
    const parent = input.parentProject ?? DEFAULT_PROJECT;
    if (name !== parent && !project.parentProjects.includes(parent))
      violations.push({
        rule: 'ChildProject',
        message: `spec.project: a child of an app of project ${JSON.stringify(parent)} cannot name project ${JSON.stringify(name)} (it does not list ${JSON.stringify(parent)} in parentProjects)`,
      });
  }
  // The ref sources of spec.sources are fetched too (value files): bounded as a render's fetches are.
  for (const ref of app.refSources ?? [])
    violations.push(
      ...checkFetch({ project, origin, protectedDirs: input.protectedDirs }, ref.repoURL, `spec.sources (ref ${ref.ref}).repoURL`),
    );
  if (origin === 'cluster' && input.objectNamespace !== undefined && input.objectNamespace !== input.agentNamespace) {
    if (!project.sourceNamespaces.some((p) => globMatch(p, input.objectNamespace ?? '')))
      violations.push({
        rule: 'SourceNamespace',
        message: `metadata.namespace: project ${JSON.stringify(name)} does not allow Applications in namespace ${JSON.stringify(input.objectNamespace)} (sourceNamespaces; only the agent's namespace ${JSON.stringify(input.agentNamespace ?? '')} needs none)`,
      });
  }
  // Only the operator's own files keep the implicit default's old freedom; Application objects of the cluster are bounded.
  if (origin === 'file' && project.unrestrictedForFileApps) return violations;

  const where = `project ${JSON.stringify(name)}`;
  if (local && origin !== 'parent' && !project.permissions.localSources)
    violations.push({
      rule: 'LocalSource',
      message: `spec.source.repoURL: ${where} does not allow local paths or file:// (permissions.localSources)`,
    });
  if (!local && !sourceAllowed(project.sourceRepos, url))
    violations.push({ rule: 'SourceRepo', message: `spec.source.repoURL: ${where} does not allow ${JSON.stringify(url)} (sourceRepos)` });

  const d = app.destination;
  if (!project.destinations.some((entry) => destinationMatches(entry, app, d.namespace ?? 'default')))
    violations.push({
      rule: 'Destination',
      message: `spec.destination: ${where} does not allow ${describeDestination(app)} (destinations)`,
    });
  if (app.source.helm?.lookup && !project.permissions.helmLookup)
    violations.push({
      rule: 'HelmLookup',
      message: `spec.source.helm.lookup: ${where} does not allow Helm's lookup (permissions.helmLookup)`,
    });
  return violations;
}

/** Whether a destination entry allows the app's target, cluster and this namespace. */
export function destinationMatches(entry: ProjectDestination, app: ResolvedApplication, namespace: string): boolean {
  const d = app.destination;
  if (entry.target !== d.target) return false;
  if (d.target === 'host') return true;
  return (
    globMatch(entry.context, d.context ?? '') &&
    globMatch(entry.server, d.server ?? '') &&
    globMatch(entry.name, d.name ?? '') &&
    globMatch(entry.namespace, namespace)
  );
}

function describeDestination(app: ResolvedApplication): string {
  const d = app.destination;
  if (d.target === 'host') return 'the host target';
  const cluster = d.server
    ? `server ${d.server}`
    : d.name
      ? `cluster ${d.name}`
      : d.context
        ? `context ${d.context}`
        : 'the current context';
  return `${cluster}, namespace ${d.namespace ?? 'default'}`;
}
