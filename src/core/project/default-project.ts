import { DEFAULT_PROJECT, type ResolvedProject } from './project.js';

/**
 * The `default` project when no Project of that name is declared. Apps the operator loads from files
 * keep today's behaviour (they are not checked). Child apps (app of apps) and Application objects of
 * the cluster (in the agent's namespace) may use any remote repository, any Kubernetes destination
 * and any kind, but neither local sources, nor the host target, nor Helm's lookup, nor host Services
 * or exec probes.
 */
export function implicitDefaultProject(): ResolvedProject {
  return {
    name: DEFAULT_PROJECT,
    sourceRepos: ['*'],
    destinations: [{ target: 'kubernetes', context: '*', server: '*', name: '*', namespace: '*' }],
    clusterResourceWhitelist: [{ group: '*', kind: '*' }],
    clusterResourceBlacklist: [],
    namespaceResourceWhitelist: [],
    namespaceResourceBlacklist: [],
    parentProjects: [],
    sourceNamespaces: [],
    permissions: {
      localSources: false,
      helmLookup: false,
      hooks: true,
      hostServices: false,
      execProbes: false,
      loaderEnv: false,
      remoteProbes: false,
    },
    unrestrictedForFileApps: true,
  };
}
