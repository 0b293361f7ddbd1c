import type { ResolvedApplication } from '../application/application.js';
import type { Manifest } from '../model/manifest.js';
import type { Scope } from '../plan/scope.js';
import { isLoaderEnv } from '../host/loader-env.js';
import { isLoopbackHost } from '../host/loopback.js';
import { destinationMatches } from './check-app.js';
import { globMatch } from './glob.js';
import type { GroupKind, ResolvedProject } from './project.js';
import type { ProjectViolation } from './project-violation.js';

const HOOK_ANNOTATIONS = ['helm.sh/hook', 'argocd.argoproj.io/hook'];
const HOST_GROUP = 'host.tideway.dev';

export type ScopeLookup = (kind: { apiVersion: string; kind: string }) => Scope | undefined;

/**
 * What the rendered objects of an app break of its project, checked before anything is written:
 * kinds (Argo CD's semantics: a cluster-scoped kind must be in clusterResourceWhitelist and not in
 * clusterResourceBlacklist; a namespaced kind must be in namespaceResourceWhitelist when it is not
 * empty, and not in namespaceResourceBlacklist), each namespaced object's namespace against the
 * destinations, hooks, and on the host target Services, exec probes and loader variables. One
 * violation per object and rule; empty: allowed.
 */
export function checkObjects(
  project: ResolvedProject,
  app: ResolvedApplication,
  objects: readonly Manifest[],
  scopeOf: ScopeLookup,
): ProjectViolation[] {
  const out: ProjectViolation[] = [];
  const where = `project ${JSON.stringify(project.name)}`;
  for (const o of objects) {
    const ref = `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
    const annotations = o.metadata.annotations ?? {};
    if (!project.permissions.hooks && HOOK_ANNOTATIONS.some((a) => annotations[a] !== undefined))
      out.push({ rule: 'Hooks', message: `${ref}: ${where} does not allow hooks (permissions.hooks)` });
    if (o.kind === 'Project' && o.apiVersion.startsWith('tideway.dev/')) {
      // An app that could write Projects could widen its own (once Projects are read in-cluster).
      out.push({ rule: 'ProjectObject', message: `${ref}: an app of ${where} cannot declare Projects (only the operator's files can)` });
      continue;
    }
    if (app.destination.target === 'host') {
      out.push(...checkHostObject(project, o, ref, where));
      continue;
    }
    const group = groupOf(o.apiVersion);
    const scope = scopeOf(o) ?? (o.metadata.namespace ? 'Namespaced' : 'Cluster');
    if (scope === 'Cluster') {
      if (!matchesAny(project.clusterResourceWhitelist, group, o.kind))
        out.push({
          rule: 'ClusterResource',
          message: `${ref}: ${where} does not allow cluster-scoped ${describeKind(group, o.kind)} (clusterResourceWhitelist)`,
        });
      else if (matchesAny(project.clusterResourceBlacklist, group, o.kind))
        out.push({ rule: 'ClusterResource', message: `${ref}: ${where} denies ${describeKind(group, o.kind)} (clusterResourceBlacklist)` });
      continue;
    }
    const whitelist = project.namespaceResourceWhitelist;
    if (whitelist.length > 0 && !matchesAny(whitelist, group, o.kind))
      out.push({
        rule: 'NamespacedResource',
        message: `${ref}: ${where} does not allow ${describeKind(group, o.kind)} (namespaceResourceWhitelist)`,
      });
    else if (matchesAny(project.namespaceResourceBlacklist, group, o.kind))
      out.push({
        rule: 'NamespacedResource',
        message: `${ref}: ${where} denies ${describeKind(group, o.kind)} (namespaceResourceBlacklist)`,
      });
    const namespace = o.metadata.namespace ?? app.destination.namespace ?? 'default';
    if (!project.destinations.some((d) => destinationMatches(d, app, namespace)))
      out.push({
        rule: 'ObjectNamespace',
        message: `${ref}: ${where} does not allow namespace ${JSON.stringify(namespace)} (destinations)`,
      });
  }
  return out;
}

function checkHostObject(project: ResolvedProject, o: Manifest, ref: string, where: string): ProjectViolation[] {
  if (groupOf(o.apiVersion) !== HOST_GROUP || o.kind !== 'Service') return [];
  const out: ProjectViolation[] = [];
  if (!project.permissions.hostServices)
    out.push({ rule: 'HostService', message: `${ref}: ${where} does not allow host Services (permissions.hostServices)` });
  const spec = (typeof o.spec === 'object' && o.spec !== null ? o.spec : {}) as Record<string, unknown>;
  const probe = spec.readinessProbe as Record<string, unknown> | undefined;
  if (!project.permissions.execProbes && typeof probe === 'object' && probe !== null && probe.exec !== undefined)
    out.push({ rule: 'ExecProbe', message: `${ref}: ${where} does not allow exec probes (permissions.execProbes)` });
  const env = spec.env;
  const names = typeof env === 'object' && env !== null ? Object.keys(env) : [];
  const loader = names.filter(isLoaderEnv);
  if (!project.permissions.loaderEnv && loader.length > 0)
    out.push({
      rule: 'LoaderEnv',
      message: `${ref}: ${where} does not allow loader variables (${loader.join(', ')}) in spec.env (permissions.loaderEnv)`,
    });
  if (!project.permissions.remoteProbes && typeof probe === 'object' && probe !== null) {
    for (const type of ['http', 'tcp']) {
      const action = probe[type] as Record<string, unknown> | undefined;
      const host = typeof action === 'object' && action !== null ? action.host : undefined;
      if (typeof host === 'string' && !isLoopbackHost(host))
        out.push({
          rule: 'RemoteProbe',
          message: `${ref}: ${where} does not allow probes to ${JSON.stringify(host)} (spec.readinessProbe.${type}.host: loopback only unless permissions.remoteProbes)`,
        });
    }
  }
  return out;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function matchesAny(list: readonly GroupKind[], group: string, kind: string): boolean {
  return list.some((gk) => globMatch(gk.group, group) && globMatch(gk.kind, kind));
}

function describeKind(group: string, kind: string): string {
  return group === '' ? kind : `${group}/${kind}`;
}
