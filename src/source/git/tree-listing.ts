import { SourceError } from '../../core/errors.js';
import type { GitRunner } from './git-runner.js';
import type { Mirror } from './mirror.js';

/** What reading the files of a commit needs: the mirror, a runner, the bound on local work and the size limit. */
export interface CommitTreeContext {
  runner: GitRunner;
  mirror: Mirror;
  timeoutMs: number;
  /** Largest sum of file sizes of one commit (`maxCheckoutBytes`); files over `maxFileBytes` count for nothing. */
  maxBytes: number;
  /** Largest file whose bytes are read (`maxFileBytes`): larger ones are known by their size only. */
  maxFileBytes: number;
}

/** One file of a commit's tree, as `git ls-tree -r -l -z` lists it. */
export interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
  /** Bytes, for blobs; 0 otherwise. */
  size: number;
  path: string;
}

export function parseLsTree(out: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of out.toString('utf8').split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode, type, oid, size] = record.slice(0, tab).split(/ +/);
    entries.push({ mode, type, oid, size: size === '-' ? 0 : Number(size), path: record.slice(tab + 1) });
  }
  return entries;
}

/** Why a tree path must not be written (it could leave the checkout or write into `.git`), if so. */
export function treePathProblem(p: string): string | undefined {
  for (const part of p.split('/')) {
    if (part === '' || part === '.' || part === '..') return 'it has an empty, "." or ".." component';
    if (part.toLowerCase() === '.git') return 'it has a ".git" component';
  }
  return undefined;
}

/** The UnsafeRepository error refusing commit `sha`. */
export function unsafeCommit(mirror: Mirror, sha: string, why: string): SourceError {
  return new SourceError('UnsafeRepository', `commit ${sha} of ${mirror.location.display} cannot be checked out: ${why}`, {
    repoURL: mirror.location.display,
    revision: sha,
  });
}

/**
 * Every file of commit `sha`, after the checks any use of its files starts with: a path with a `.git`,
 * `..`, `.` or empty component is UnsafeRepository, a sum of sizes over `maxBytes` is InputTooLarge
 * (files over `maxFileBytes` are not counted: their bytes are never read, see `isOversized`).
 */
export async function listCommitTree(context: CommitTreeContext, sha: string): Promise<TreeEntry[]> {
  const { mirror } = context;
  const entries = parseLsTree(await mirror.git(['ls-tree', '-r', '-l', '-z', '--full-tree', '--end-of-options', sha]));
  let total = 0;
  for (const entry of entries) {
    const problem = treePathProblem(entry.path);
    if (problem) throw unsafeCommit(mirror, sha, `path ${JSON.stringify(entry.path)}: ${problem}`);
    if (!isOversized(context, entry)) total += entry.size;
  }
  if (total > context.maxBytes) {
    throw new SourceError(
      'InputTooLarge',
      `commit ${sha} of ${mirror.location.display} holds ${total} bytes, over the ${context.maxBytes}-byte checkout limit`,
      { repoURL: mirror.location.display, revision: sha },
    );
  }
  return entries;
}

/** A file too large to read: only its size is used (a sparse file of that size in a checkout). */
export function isOversized(context: Pick<CommitTreeContext, 'maxFileBytes'>, entry: TreeEntry): boolean {
  return entry.type === 'blob' && entry.mode !== '120000' && entry.size > context.maxFileBytes;
}

/** A symlink's target from its blob; undefined when it is empty or holds a NUL (such a commit is refused). */
export function symlinkTarget(blob: Buffer): string | undefined {
  const target = blob.toString('utf8');
  return target === '' || target.includes('\0') ? undefined : target;
}
