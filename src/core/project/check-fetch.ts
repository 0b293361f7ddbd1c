import { redactUrl } from '../redact/redact.js';
import { sourceAllowed } from './source-allowed.js';
import { isInside, isLocalRepoURL, localRepoPath } from './local-source.js';
import type { AppOriginKind, ResolvedProject } from './project.js';
import type { ProjectViolation } from './project-violation.js';

/**
 * The bound a render is given for what it fetches by itself (a Kustomize remote base, the archive a
 * Helm repository's index points to): the violations of fetching `url`, named for `field` (the file
 * or field that names it). Empty: allowed. A plain function, so renderers need no project.
 */
export type FetchBound = (url: string, field: string) => ProjectViolation[];

export interface FetchCheckInput {
  /** The app's project. */
  project: ResolvedProject;
  origin: AppOriginKind;
  /** Never a source, whatever the project says: the agent's data directory. */
  protectedDirs: readonly string[];
}

/**
 * The repository a Kustomize remote location names, as sourceRepos patterns are written: `git::` and
 * the query (`?ref=`) dropped, the `//subdirectory` cut (or what follows `.git/`, or the third path
 * segment on github.com, gitlab.com and bitbucket.org), the userinfo of an http(s) URL removed,
 * `github.com/org/repo` spelt `https://github.com/org/repo`; `git@host:org/repo` stays as written.
 */
export function repositoryOf(location: string): string {
  let s = location.replace(/^git::/, '');
  const q = s.search(/[?#]/);
  if (q >= 0) s = s.slice(0, q);
  const scp = /^[^@/:]+@[^:/]+:(.*)$/.exec(s);
  if (scp && !s.includes('://')) {
    // git@host:org/repo//dir: kept as written (sourceRepos patterns name ssh repositories this way).
    const sub = s.indexOf('//');
    return (sub >= 0 ? s.slice(0, sub) : s).replace(/\/+$/, '');
  }
  if (/^(github\.com|gitlab\.com|bitbucket\.org)\//.test(s)) s = `https://${s}`;
  const scheme = /^([a-z][a-z0-9+.-]*:\/\/)([^/]*)(.*)$/i.exec(s);
  if (!scheme) return s;
  const host = /^https?:\/\/$/i.test(scheme[1]) ? scheme[2].replace(/^[^@]*@/, '') : scheme[2];
  let rest = scheme[3];
  const sub = rest.indexOf('//');
  if (sub >= 0) rest = rest.slice(0, sub);
  else if (/^(github\.com|gitlab\.com|bitbucket\.org)$/i.test(host)) rest = rest.split('/').slice(0, 3).join('/');
  else {
    const dotGit = rest.indexOf('.git/');
    if (dotGit >= 0) rest = rest.slice(0, dotGit + 4);
  }
  return `${scheme[1]}${host}${rest}`.replace(/\/+$/, '');
}

/**
 * What fetching `url` during an app's render breaks of its project: the agent's data directory never;
 * a local path or `file://` only for apps of the operator's files whose project allows local sources
 * (or the implicit default project); a remote repository only when sourceRepos allows it (apps of the
 * operator's files in the implicit default project are not checked, as their repoURL is not).
 */
export function checkFetch(input: FetchCheckInput, url: string, field: string): ProjectViolation[] {
  const { project, origin } = input;
  const where = `project ${JSON.stringify(project.name)}`;
  const shown = JSON.stringify(redactUrl(url));
  const local = isLocalRepoURL(url);
  if (local) {
    const p = localRepoPath(url);
    if (p !== undefined && input.protectedDirs.some((dir) => isInside(p, dir)))
      return [{ rule: 'AgentDataDir', message: `${field}: ${shown}: the agent's data directory is never a source` }];
    if (origin === 'parent')
      return [{ rule: 'LocalSource', message: `${field}: ${shown}: a child Application cannot fetch a local path or file://` }];
    if ((origin === 'file' && project.unrestrictedForFileApps) || project.permissions.localSources) return [];
    return [
      { rule: 'LocalSource', message: `${field}: ${shown}: ${where} does not allow local paths or file:// (permissions.localSources)` },
    ];
  }
  if (origin === 'file' && project.unrestrictedForFileApps) return [];
  const repo = repositoryOf(url);
  if (sourceAllowed(project.sourceRepos, repo)) return [];
  return [{ rule: 'SourceRepo', message: `${field}: ${where} does not allow ${JSON.stringify(redactUrl(repo))} (sourceRepos)` }];
}

/** The bound of an app's renders under its project. */
export function fetchBound(input: FetchCheckInput): FetchBound {
  return (url, field) => checkFetch(input, url, field);
}
