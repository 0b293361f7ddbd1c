import { realpathSync } from 'node:fs';
import path from 'node:path';
import { SourceError } from '../../core/errors.js';
import type { RepoLocation } from './repo-location.js';

/**
 * A guard for local repositories (local paths and `file://`): refuses any inside `dirs` (the source's
 * own cache of mirrors, and whatever else the caller names, such as the agent's data directory),
 * symlinks resolved. Another team's bare mirror lives at `<cacheDir>/repos/<hash of its URL>`, a path
 * anyone can compute: reading it as a "local repository" would bypass every rule about who may read
 * that team's repository.
 */
export function createLocalRepoGuard(dirs: readonly string[]): (location: RepoLocation) => void {
  const refused = [...new Set(dirs.flatMap((d) => [path.resolve(d), real(path.resolve(d))]))];
  return (location) => {
    if (location.transport !== 'file') return;
    const candidates = [location.normalized, real(location.normalized)];
    if (candidates.some((p) => refused.some((dir) => p === dir || p.startsWith(dir.endsWith('/') ? dir : `${dir}/`))))
      throw new SourceError(
        'UnsafeRepository',
        `repository URL ${JSON.stringify(location.display)} refused: it is inside the agent's own data directory (its git mirrors are never a source)`,
        { repoURL: location.display },
      );
  };
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
