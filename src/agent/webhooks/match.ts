import type { PushEvent } from './webhook.js';
import { sameRepository } from './repo-url.js';

/** The part of an Application a push is compared with. */
export interface WatchedSource {
  repoURL: string;
  /** Branch, tag, `refs/heads/x`, `refs/tags/x`, a commit SHA, or HEAD (the default, also for ''). */
  targetRevision?: string;
  /** The app's directory in the repository; `.` (the default) is the whole repository. */
  path?: string;
  /** More directories the app's manifests read from (kustomize bases outside `path`, shared values). */
  watchPaths?: string[];
}

/**
 * Whether a push can change what the app deploys: same repository (however its URL is written), the
 * revision the app follows, and — when the push lists its files — a file under the app's path.
 * Where the payload leaves something unknown (default branch, files), it matches: a needless
 * refresh is cheap, a missed one waits for the next poll.
 */
export function matchesApp(event: PushEvent, app: WatchedSource): boolean {
  return (
    event.repoURLs.some((url) => sameRepository(url, app.repoURL)) &&
    revisionMatches(event, app.targetRevision) &&
    filesMatch(event.changedFiles, [app.path ?? '.', ...(app.watchPaths ?? [])])
  );
}

function revisionMatches(event: PushEvent, targetRevision: string | undefined): boolean {
  const revision = targetRevision?.trim() || 'HEAD';
  if (event.branch === undefined && event.tag === undefined) return true;
  if (event.tag !== undefined && (revision === event.tag || revision === `refs/tags/${event.tag}`)) return true;
  if (event.branch === undefined) return false;
  if (revision === event.branch || revision === `refs/heads/${event.branch}`) return true;
  return revision === 'HEAD' && (event.defaultBranch === undefined || event.defaultBranch === event.branch);
}

function filesMatch(changedFiles: string[] | undefined, paths: string[]): boolean {
  if (changedFiles === undefined) return true;
  const dirs = paths.map(cleanPath);
  if (dirs.includes('')) return true;
  return changedFiles.map(cleanPath).some((file) => dirs.some((dir) => file === dir || file.startsWith(`${dir}/`)));
}

/** `./apps/web/` → `apps/web`; `.` and `/` → '' (the repository root). */
function cleanPath(path: string): string {
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  return parts.join('/');
}
