import { mkdirSync, realpathSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { SourceError } from '../../core/errors.js';
import type { Checkout, Source, SourceSpec } from '../source.js';
import type { SourceTree } from '../../core/model/source-tree.js';
import type { Revision } from '../../core/model/revision.js';
import { resolveAppPath } from './app-path.js';
import { removeTree } from './checkout-store.js';
import { GitRunner } from './git-runner.js';
import { resolveGitSourceOptions, type GitSourceOptions } from './git-source-options.js';
import { materialise } from './materialise.js';
import { type GitObject, Mirror, type MirrorContext } from './mirror.js';
import { parseCommit } from './parse-commit.js';
import { readTree } from './read-tree.js';
import { parseRepoLocation } from './repo-location.js';
import { createLocalRepoGuard } from './refused-dirs.js';
import { isFullSha, isShaLike, revisionCandidates } from './revision-name.js';
import { acquireSharedCache, releaseSharedCache } from './shared-cache.js';

export { resolveAppPath } from './app-path.js';
export type { GitCredential } from './credentials.js';
export type { FetchReport, GitSourceLogger, GitSourceOptions } from './git-source-options.js';
export { redactText as redact } from '../../core/redact/redact.js';
export { parseRepoLocation, type RepoLocation, type GitTransport } from './repo-location.js';
export { buildSshCommand } from './ssh-command.js';

export interface ResolveOptions {
  /** false: resolve against the mirror as it is (fetching only if there is no mirror yet). Default true. */
  fetch?: boolean;
  /** Called once the fetch's git process is running (see Source.resolve). */
  onFetchStarted?: () => void;
}

/** The Git implementation of Source, with cache maintenance on top. */
export interface GitSource extends Source {
  resolve(spec: SourceSpec, options?: ResolveOptions): Promise<Revision>;
  checkout(spec: SourceSpec, sha: string): Promise<Checkout>;
  readTree(spec: SourceSpec, sha: string): Promise<SourceTree | undefined>;
  changedFiles(spec: SourceSpec, from: string, to: string): Promise<string[]>;
  readObjects(spec: SourceSpec, names: string[]): Promise<Array<GitObject | undefined>>;
  /** Removes checkouts nobody holds and leftovers of interrupted work (mirrors are kept). */
  gc(): Promise<void>;
  /** Kills running git processes, releases this source's checkouts; later calls fail. */
  close(): Promise<void>;
}

/**
 * A Source backed by the git CLI: one bare mirror per repository under `cacheDir/repos`, read-only
 * checkouts per commit under `cacheDir/checkouts`, or an app's files read into memory (`readTree`).
 * See README.md for the safety rules.
 */
export function createGitSource(userOptions: GitSourceOptions): GitSource {
  const options = resolveGitSourceOptions(userOptions);
  mkdirSync(options.cacheDir, { recursive: true });
  const cacheDir = realpathSync(options.cacheDir);
  const dirs = {
    repos: path.join(cacheDir, 'repos'),
    checkouts: path.join(cacheDir, 'checkouts'),
    tmp: path.join(cacheDir, 'tmp'),
    home: path.join(cacheDir, 'home'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const shared = acquireSharedCache(cacheDir, dirs.checkouts, options.keepCheckouts);
  const runner = new GitRunner(options.gitBinary);
  const context: MirrorContext = { options, runner, locks: shared.locks, reposDir: dirs.repos, tmpDir: dirs.tmp, homeDir: dirs.home };
  const mirrors = new Map<string, Mirror>();
  const guardLocal = createLocalRepoGuard([cacheDir, ...options.refusedDirs]);
  const held = new Set<Checkout>();
  let closed = false;

  function mirrorFor(spec: SourceSpec): Mirror {
    if (closed) throw new SourceError('SourceUnavailable', 'the git source is closed');
    const location = parseRepoLocation(spec.repoURL, options.transports);
    guardLocal(location);
    let mirror = mirrors.get(location.key);
    if (!mirror) mirrors.set(location.key, (mirror = new Mirror(location, context)));
    return mirror;
  }

  const treeContext = (mirror: Mirror) => ({
    runner,
    mirror,
    timeoutMs: options.localTimeoutMs,
    maxBytes: options.maxCheckoutBytes,
    maxFileBytes: options.maxFileBytes,
  });

  /**
   * Commits already read, by repository and full SHA: a commit never changes, and the render that
   * follows a resolve asks for the same one (no second git process).
   */
  const commits = new Map<string, Revision>();
  const remember = (mirror: Mirror, revision: Revision): Revision => {
    if (commits.size >= 1000) commits.clear();
    commits.set(`${mirror.location.key}:${revision.sha}`, revision);
    return revision;
  };

  /** A commit by SHA, fetching once if the mirror does not have it yet. */
  async function commitBySha(mirror: Mirror, sha: string): Promise<Revision> {
    const known = commits.get(`${mirror.location.key}:${sha.toLowerCase()}`);
    if (known) return known;
    const display = mirror.location.display;
    if (!isShaLike(sha))
      throw new SourceError('RevisionNotFound', `${JSON.stringify(sha)} is not a commit SHA (repository ${display})`, {
        repoURL: display,
        revision: sha,
      });
    const candidates = [`${sha.toLowerCase()}^{commit}`];
    let found = await mirror.findCommit(candidates);
    if (!found) {
      await mirror.fetch();
      found = await mirror.findCommit(candidates);
    }
    if (!found && mirror.lastFetchError) throw mirror.lastFetchError;
    if (!found) throw new SourceError('RevisionNotFound', `commit ${sha} not found in ${display}`, { repoURL: display, revision: sha });
    return remember(mirror, parseCommit(found.sha, found.raw));
  }

  return {
    async resolve(spec, resolveOptions = {}) {
      const mirror = mirrorFor(spec);
      const display = mirror.location.display;
      const name = spec.targetRevision?.trim() || 'HEAD';
      const candidates = revisionCandidates(name, display);
      const noFetch = resolveOptions.fetch === false;
      // A full SHA already present needs no fetch: commits never change.
      let found = isFullSha(name) || noFetch ? await mirror.findCommit(candidates) : undefined;
      if (!found && !(noFetch && mirror.exists())) {
        await mirror.fetch(resolveOptions.onFetchStarted);
        found = await mirror.findCommit(candidates);
      }
      if (!found && mirror.lastFetchError) throw mirror.lastFetchError;
      if (!found)
        throw new SourceError('RevisionNotFound', `revision ${JSON.stringify(name)} not found in ${display}`, {
          repoURL: display,
          revision: name,
        });
      options.log.debug({ repoURL: display, revision: name, sha: found.sha }, 'revision resolved');
      return remember(mirror, parseCommit(found.sha, found.raw));
    },

    async checkout(spec, sha) {
      const mirror = mirrorFor(spec);
      const revision = await commitBySha(mirror, sha);
      const dir = await shared.checkouts.acquire(revision.sha, (tmp) => materialise(treeContext(mirror), revision.sha, tmp));
      let released = false;
      const checkout: Checkout = {
        dir,
        revision,
        async release() {
          if (released) return;
          released = true;
          held.delete(checkout);
          await shared.checkouts.release(revision.sha);
        },
      };
      held.add(checkout);
      if (spec.path !== undefined && spec.path !== '' && spec.path !== '.') {
        try {
          await resolveAppPath(dir, spec.path);
        } catch (error) {
          await checkout.release();
          throw error;
        }
      }
      return checkout;
    },

    async readTree(spec, sha) {
      if (!options.inMemoryTrees) return undefined;
      const mirror = mirrorFor(spec);
      return readTree({ ...treeContext(mirror), maxTreeBytes: options.maxInMemoryTreeBytes }, await commitBySha(mirror, sha), spec.path);
    },

    async readObjects(spec, names) {
      // Names reach git's stdin, one per line: only SHAs and ref names (no revision syntax, no newline).
      for (const name of names) {
        if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(name) && !/^refs\/tags\/[^\s~^:?*[\\]+$/.test(name))
          throw new SourceError('RevisionNotFound', `${JSON.stringify(name)} is not a full SHA or refs/tags/ name`);
      }
      return mirrorFor(spec).readObjects(names);
    },

    async changedFiles(spec, from, to) {
      const mirror = mirrorFor(spec);
      const before = await commitBySha(mirror, from);
      const after = await commitBySha(mirror, to);
      const out = await mirror.git([
        'diff',
        '--name-only',
        '-z',
        '--no-renames',
        '--no-ext-diff',
        '--no-textconv',
        before.sha,
        after.sha,
        '--',
      ]);
      return [
        ...new Set(
          out
            .toString('utf8')
            .split('\0')
            .filter((p) => p !== ''),
        ),
      ].sort();
    },

    async gc() {
      await shared.checkouts.gc();
      for (const name of await readdir(dirs.tmp)) await removeTree(path.join(dirs.tmp, name));
    },

    async close() {
      if (closed) return;
      closed = true;
      runner.killAll();
      for (const checkout of [...held]) await checkout.release();
      if (releaseSharedCache(cacheDir)) {
        // Kept checkouts outlive the source: later processes reuse them (see keepCheckouts).
        if (options.keepCheckouts === 0) await shared.checkouts.clear();
        for (const name of await readdir(dirs.tmp)) await removeTree(path.join(dirs.tmp, name));
      }
    },
  };
}
