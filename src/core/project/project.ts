/**
 * A Project (`tideway.dev/v1alpha1`, kind `Project`): what the apps that belong to it may do, as
 * Argo CD's AppProject. Every app belongs to one (`spec.project`, default `default`). Pure types.
 */
export const PROJECT_API_VERSION = 'tideway.dev/v1alpha1';
export const PROJECT_KIND = 'Project';
export const DEFAULT_PROJECT = 'default';

/** A kind rule: `group` and `kind` are globs (`*`); the core group is `''`. */
export interface GroupKind {
  group: string;
  kind: string;
}

/**
 * One allowed destination. `target` is exact; `context`, `server`, `name` and `namespace` are globs
 * (default `*`). An app's unset context, server or name matches only a `*` pattern.
 * A `host` entry allows the host target (context, server and namespace do not apply to it).
 */
export interface ProjectDestination {
  target: 'kubernetes' | 'host';
  context: string;
  server: string;
  /** A cluster registered as a Secret (`spec.destination.name`). */
  name: string;
  namespace: string;
}

/** Switches, all false unless the project says true (the implicit default project for operator files aside). */
export interface ProjectPermissions {
  /** Local paths and `file://` repoURLs for apps loaded from the operator's files (never for child apps). */
  localSources: boolean;
  /** `spec.source.helm.lookup: true` (Helm's `lookup` reads the destination cluster). */
  helmLookup: boolean;
  /** Objects carrying hook annotations (`helm.sh/hook`, `argocd.argoproj.io/hook`). */
  hooks: boolean;
  /** Host target `Service` objects (they run commands on the agent's machine). */
  hostServices: boolean;
  /** Host `Service` readiness probes of type `exec` (they run commands too). */
  execProbes: boolean;
  /**
   * Loader and runtime injection variables (`LD_*`, `DYLD_*`, `NODE_OPTIONS`, `PYTHONPATH`, ...:
   * core/host/loader-env.ts) in a host `Service`'s `env`. The host target's `--allow-loader-env` is the ceiling.
   */
  loaderEnv: boolean;
  /** Host `Service` readiness probes (http, tcp) to other hosts than loopback. The host target's `--allow-remote-probes` is the ceiling. */
  remoteProbes: boolean;
}

export interface ResolvedProject {
  name: string;
  /** Globs over `spec.source.repoURL`; a leading `!` denies (denials win). Empty: no repository is allowed. */
  sourceRepos: string[];
  /** Empty: no destination is allowed. */
  destinations: ProjectDestination[];
  /** Argo CD semantics: cluster-scoped kinds are denied unless whitelisted (empty list: none allowed). */
  clusterResourceWhitelist: GroupKind[];
  clusterResourceBlacklist: GroupKind[];
  /** Namespaced kinds: absent or empty allows every kind; otherwise only those listed. */
  namespaceResourceWhitelist: GroupKind[];
  namespaceResourceBlacklist: GroupKind[];
  /** Apps of these projects may declare child Applications in this project (besides this project's own apps). */
  parentProjects: string[];
  /**
   * Globs over the namespaces whose Application objects may belong to this project (Argo CD's "apps in
   * any namespace"); Application objects in the agent's own namespace need not be listed. Empty: none other.
   */
  sourceNamespaces: string[];
  permissions: ProjectPermissions;
  /**
   * Only the implicit `default` project (no Project named `default` declared) has this: apps the
   * operator loads from files are then not checked at all, as before projects existed. Application
   * objects of the cluster and child apps are bounded by it (no local source, no host target, no lookup).
   */
  unrestrictedForFileApps?: boolean;
}

/**
 * Where an app came from: the operator's files, a parent app's render (app of apps), or an
 * Application object in the cluster (made by whoever the cluster's RBAC lets create them: bounded by
 * its project as a child is, in the agent's namespace or a namespace its project lists in
 * `sourceNamespaces`; local sources only with `permissions.localSources`).
 */
export type AppOriginKind = 'file' | 'parent' | 'cluster';
