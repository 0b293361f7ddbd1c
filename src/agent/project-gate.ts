import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedApplication } from '../core/application/application.js';
import { TidewayError } from '../core/errors.js';
import { checkApp, projectOf } from '../core/project/check-app.js';
import { fetchBound, type FetchBound } from '../core/project/check-fetch.js';
import { implicitDefaultProject } from '../core/project/default-project.js';
import { isLocalRepoURL, localRepoPath } from '../core/project/local-source.js';
import { DEFAULT_PROJECT, type ResolvedProject } from '../core/project/project.js';
import { describeViolations, type ProjectViolation } from '../core/project/project-violation.js';
import { loadProjects } from '../app-files/load-projects.js';
import type { Logger } from '../log/logger.js';
import type { AppRegistry } from './app-registry.js';

export interface ProjectGateOptions {
  registry: AppRegistry;
  /** Apps files and directories: the Projects are read from the same places as the Applications. */
  paths: readonly string[];
  /** Never a source, whatever a project says: the agent's data directory. */
  protectedDirs: readonly string[];
  /**
   * The agent's namespace: its Application objects may name any project; those of other namespaces
   * only a project that lists their namespace in `sourceNamespaces`. Projects are read from it only.
   */
  agentNamespace: string;
  log: Logger;
  /** The projects changed after the first load: every app is checked again. */
  onChange(): void;
}

/**
 * The agent's projects: read from the apps files (a file that fails keeps the projects as they
 * were), with the implicit `default` when none is declared. `admit` checks an app before anything is
 * fetched or rendered (with its origin: a child app is checked against its parent's project);
 * `objectsProject` is the project the engine checks the rendered objects against.
 */
export function createProjectGate(options: ProjectGateOptions) {
  const protectedDirs = [...new Set(options.protectedDirs.flatMap((d) => [path.resolve(d), real(path.resolve(d)) ?? d]))];
  let fromFiles: ResolvedProject[] = [];
  let fromCluster: ResolvedProject[] = [];
  let projects = withDefault([]);
  let loadedOnce = false;

  function rebuild(): void {
    const names = new Set(fromFiles.map((p) => p.name));
    const next = withDefault([...fromFiles, ...fromCluster.filter((p) => !names.has(p.name))]);
    const changed = JSON.stringify([...next]) !== JSON.stringify([...projects]);
    projects = next;
    if (changed && loadedOnce) options.onChange();
  }
  let lastError: string | undefined;

  function origin(app: ResolvedApplication) {
    return options.registry.get(app.name)?.origin ?? { kind: 'file' as const };
  }

  function admit(app: ResolvedApplication): ProjectViolation[] {
    const from = origin(app);
    const parentProject = from.kind === 'parent' ? projectOf(options.registry.get(from.parent)?.app ?? app) : undefined;
    const url = app.source.repoURL;
    const realLocalPath = isLocalRepoURL(url) ? real(localRepoPath(url) ?? path.resolve(url)) : undefined;
    const objectNamespace = from.kind === 'cluster' ? from.namespace : undefined;
    return checkApp({
      app,
      origin: from.kind,
      parentProject,
      projects,
      protectedDirs,
      realLocalPath,
      objectNamespace,
      agentNamespace: options.agentNamespace,
    });
  }

  return {
    /** Re-reads the Projects of the apps files. */
    async reload(): Promise<void> {
      let loaded: ResolvedProject[];
      try {
        loaded = await loadProjects(options.paths);
      } catch (error) {
        const message = (error as Error).message;
        if (message !== lastError) options.log.error({ err: message }, 'Projects not loaded; keeping the projects as they were');
        lastError = message;
        return;
      }
      lastError = undefined;
      fromFiles = loaded;
      rebuild();
      loadedOnce = true;
    },
    /**
     * Projects read from the cluster (Project objects of the agent's namespace: cluster-projects.ts).
     * A Project of the same name in the operator's files wins. A change checks every app again.
     */
    setClusterProjects(list: ResolvedProject[]): void {
      fromCluster = list;
      rebuild();
    },
    admit,
    /** Throws a ProjectViolation error when the app breaks its project (for readers other than the reconcile). */
    assertAdmitted(app: ResolvedApplication): void {
      const violations = admit(app);
      if (violations.length > 0)
        throw new TidewayError('ProjectViolation', `${app.name}: refused by its project: ${describeViolations(violations)}`);
    },
    /**
     * The bound on what the app's renders fetch by themselves (remote bases, chart archives on another
     * host): the same sourceRepos and local-path rules as its repoURL.
     */
    fetchBound(app: ResolvedApplication): FetchBound | undefined {
      const project = projects.get(projectOf(app));
      return project ? fetchBound({ project, origin: origin(app).kind, protectedDirs }) : undefined;
    },
    /** The project the rendered objects are checked against; undefined when there is nothing to check. */
    objectsProject(app: ResolvedApplication): ResolvedProject | undefined {
      const project = projects.get(projectOf(app));
      if (!project || (project.unrestrictedForFileApps && origin(app).kind === 'file')) return undefined;
      return project;
    },
  };
}

export type ProjectGate = ReturnType<typeof createProjectGate>;

function withDefault(loaded: ResolvedProject[]): Map<string, ResolvedProject> {
  const map = new Map(loaded.map((p) => [p.name, p]));
  if (!map.has(DEFAULT_PROJECT)) map.set(DEFAULT_PROJECT, implicitDefaultProject());
  return map;
}

function real(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}
