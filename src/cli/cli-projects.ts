import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedApplication } from '../core/application/application.js';
import { TidewayError } from '../core/errors.js';
import type { Manifest } from '../core/model/manifest.js';
import { checkApp, projectOf } from '../core/project/check-app.js';
import { type FetchBound, fetchBound } from '../core/project/check-fetch.js';
import { checkObjects } from '../core/project/check-objects.js';
import { implicitDefaultProject } from '../core/project/default-project.js';
import { isLocalRepoURL, localRepoPath } from '../core/project/local-source.js';
import { DEFAULT_PROJECT, type ResolvedProject } from '../core/project/project.js';
import { describeViolations } from '../core/project/project-violation.js';
import { crdScopes } from '../core/plan/crd-scopes.js';
import { isClusterScoped, parseApiVersion } from '../render/kustomize/res-id.js';

/** What the engine checks for an app the command line runs: its project's objects rule and fetch bound. */
export interface CliProjectBounds {
  /** Absent for an app of the implicit default project (the operator's own file: not checked, as in the agent). */
  project?: ResolvedProject;
  fetchBound?: FetchBound;
}

export interface CliProjectGate {
  /** Throws `ProjectViolation` when the app breaks its project, before anything is fetched; else its bounds. */
  admit(app: ResolvedApplication): CliProjectBounds;
  /** Throws `ProjectViolation` when rendered objects break the app's project (render: nothing is printed). */
  checkRendered(app: ResolvedApplication, objects: readonly Manifest[]): void;
}

/**
 * The agent's project gate for `tideway sync/diff/render -f FILE`: the Projects of FILE (or its
 * directory's files, when FILE is a directory) and of each `--project` file or directory, with the
 * implicit `default` when none is declared. Apps of FILE are the operator's own files (origin `file`),
 * as in the agent; `protectedDirs` (the CLI's cache of git mirrors) is never a source.
 */
export async function cliProjectGate(
  appFile: string,
  projectPaths: readonly string[],
  protectedDirs: readonly string[],
): Promise<CliProjectGate> {
  const { loadProjects } = await import('../app-files/load-projects.js');
  const paths = [...new Set([appFile, ...projectPaths].map((p) => path.resolve(p)))];
  const projects = new Map((await loadProjects(paths)).map((p) => [p.name, p]));
  if (!projects.has(DEFAULT_PROJECT)) projects.set(DEFAULT_PROJECT, implicitDefaultProject());
  const dirs = [...new Set(protectedDirs.flatMap((d) => [path.resolve(d), real(path.resolve(d)) ?? path.resolve(d)]))];
  const checked = (app: ResolvedApplication) => {
    const project = projects.get(projectOf(app));
    return project && !project.unrestrictedForFileApps ? project : undefined;
  };
  return {
    admit(app) {
      const url = app.source.repoURL;
      const realLocalPath = isLocalRepoURL(url) ? real(localRepoPath(url) ?? path.resolve(url)) : undefined;
      const violations = checkApp({ app, origin: 'file', projects, protectedDirs: dirs, realLocalPath });
      if (violations.length > 0)
        throw new TidewayError('ProjectViolation', `${app.name}: refused by its project: ${describeViolations(violations)}`);
      const project = projects.get(projectOf(app));
      return {
        project: checked(app),
        fetchBound: project ? fetchBound({ project, origin: 'file', protectedDirs: dirs }) : undefined,
      };
    },
    checkRendered(app, objects) {
      const project = checked(app);
      if (!project) return;
      // No cluster to ask: the scopes of the built-in kinds (kustomize's schema) and of CRDs in the render.
      const crds = crdScopes([...objects]);
      const scopeOf = (o: { apiVersion: string; kind: string }) => {
        const { group, version } = parseApiVersion(o.apiVersion);
        return crds.get(`${group}/${o.kind}`) ?? (isClusterScoped({ group, version, kind: o.kind }) ? 'Cluster' : 'Namespaced');
      };
      const violations = checkObjects(project, app, objects, scopeOf);
      if (violations.length > 0)
        throw new TidewayError('ProjectViolation', `${app.name}: refused by its project: ${describeViolations(violations)}`);
    },
  };
}

function real(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}
