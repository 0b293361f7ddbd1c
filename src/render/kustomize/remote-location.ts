import { repositoryOf } from '../../core/project/check-fetch.js';

/** A Kustomize remote base split into what a git source fetches: the repository, the ref, and the directory in it. */
export interface RemoteLocation {
  repoURL: string;
  /** `?ref=` (or kustomize's older `?version=`); undefined means the default branch. */
  ref?: string;
  /** The directory inside the repository ('' for its root), never absolute and never `..`. */
  subdir: string;
}

/**
 * Reads a remote base as kustomize writes them: `https://host/org/repo//dir?ref=v1`,
 * `https://host/org/repo.git/dir`, `github.com/org/repo/dir?ref=main`, `git@host:org/repo//dir`,
 * `git::https://...`, `file:///srv/repo//dir`. The repository is `repositoryOf` (the same reading the
 * project check uses), so what is fetched is what was checked.
 */
export function parseRemoteLocation(location: string): RemoteLocation {
  const repoURL = repositoryOf(location);
  let s = location.replace(/^git::/, '');
  const q = s.search(/[?#]/);
  const query = q >= 0 ? new URLSearchParams(s.slice(q + 1).replace(/^.*?\?/, '')) : undefined;
  if (q >= 0) s = s.slice(0, q);
  if (/^(github\.com|gitlab\.com|bitbucket\.org)\//.test(s)) s = `https://${s}`;
  const scp = /^[^@/:]+@[^:/]+:/.exec(s) && !s.includes('://');
  let subdir = '';
  const afterScheme = scp ? s.indexOf(':') + 1 : s.includes('://') ? s.indexOf('://') + 3 : 0;
  const sub = s.indexOf('//', afterScheme);
  if (sub >= 0) subdir = s.slice(sub + 2);
  else if (!scp) {
    const host = /^[a-z][a-z0-9+.-]*:\/\/([^/]*)(.*)$/i.exec(s);
    if (host && /^(?:[^@]*@)?(github\.com|gitlab\.com|bitbucket\.org)$/i.test(host[1])) subdir = host[2].split('/').slice(3).join('/');
    else if (host) {
      const dotGit = host[2].indexOf('.git/');
      if (dotGit >= 0) subdir = host[2].slice(dotGit + 5);
    }
  }
  subdir = subdir.replace(/^\/+|\/+$/g, '');
  if (subdir.split('/').some((part) => part === '..')) throw new Error(`remote base '${location}': its directory leaves the repository`);
  const ref = query?.get('ref') ?? query?.get('version') ?? undefined;
  return { repoURL, ...(ref ? { ref } : {}), subdir };
}
