import type { SourceError } from '../../core/errors.js';
import type { SourceTree } from '../../core/model/source-tree.js';
import type { Revision } from '../../core/model/revision.js';
import { appPathMissing, appPathNotDirectory, checkAppPath } from './app-path.js';
import { catBlobs } from './cat-blobs.js';
import { isOversized, listCommitTree, symlinkTarget, type CommitTreeContext, type TreeEntry } from './tree-listing.js';

type PathKind = 'file' | 'symlink' | 'submodule' | 'dir';

/**
 * The files under `appPath` at `revision`, read with one `git cat-file --batch` and held in memory, with
 * the outcome a checkout of the commit followed by `resolveAppPath` would have: the same refusals of the
 * commit (listCommitTree) and the same errors for the path. Returns undefined, leaving the work to a
 * checkout, for what it alone handles: symlinks or submodules under the path or on the way to it,
 * entries a checkout would refuse as clashing (or whose symlink targets it would refuse), apps
 * over `maxTreeBytes`, and apps holding a file over `maxFileBytes` (never read: see materialise).
 */
export async function readTree(
  context: CommitTreeContext & { maxTreeBytes: number },
  revision: Revision,
  appPath: string | undefined,
): Promise<SourceTree | undefined> {
  const entries = await listCommitTree(context, revision.sha);
  const kinds = indexPaths(entries);
  if (!kinds) return undefined;
  const located = locate(kinds, appPath);
  if (!located) return undefined;
  const dir = 'dir' in located ? located.dir : undefined;
  const prefix = dir ? `${dir}/` : '';
  const files = dir === undefined ? [] : entries.filter((e) => e.path.startsWith(prefix));
  if (files.some((e) => kinds.get(e.path) !== 'file')) return undefined;
  if (files.reduce((sum, e) => sum + e.size, 0) > context.maxTreeBytes) return undefined;
  // A file too large to read is left to a checkout, which holds it as a sparse file the renderer refuses by size.
  if (files.some((e) => isOversized(context, e))) return undefined;
  // A checkout refuses the whole commit over one bad symlink target, wherever it is: leave such a commit to it.
  const links = entries.filter((e) => kinds.get(e.path) === 'symlink');
  const blobs = await readBlobs(context, revision.sha, [...links, ...files]);
  if (blobs.slice(0, links.length).some((blob) => symlinkTarget(blob) === undefined)) return undefined;
  if ('error' in located) throw located.error;
  const directories = new Set(
    [...kinds].filter(([p, kind]) => kind === 'dir' && (p === located.dir || p.startsWith(prefix))).map(([p]) => p),
  );
  return {
    revision,
    path: located.dir,
    files: new Map(files.map((e, i) => [e.path, blobs[links.length + i]])),
    ids: new Map(files.map((e) => [e.path, e.oid])),
    directories,
  };
}

/**
 * Every path of the tree with its kind, directories included (the root is ""); undefined when two
 * entries clash (one path listed twice, a file where a directory is needed) or one has a mode a
 * checkout refuses: the checkout then gives its error.
 */
function indexPaths(entries: TreeEntry[]): Map<string, PathKind> | undefined {
  const kinds = new Map<string, PathKind>([['', 'dir']]);
  for (const entry of entries) {
    const kind: PathKind | undefined =
      entry.mode === '160000' ? 'submodule' : entry.type !== 'blob' ? undefined : entry.mode === '120000' ? 'symlink' : 'file';
    if (kind === undefined || kinds.has(entry.path)) return undefined;
    kinds.set(entry.path, kind);
    for (let slash = entry.path.lastIndexOf('/'); slash > 0; slash = entry.path.lastIndexOf('/', slash - 1)) {
      const dir = entry.path.slice(0, slash);
      const seen = kinds.get(dir);
      if (seen === 'dir') break; // and so are its parents
      if (seen !== undefined) return undefined;
      kinds.set(dir, 'dir');
    }
  }
  return kinds;
}

/**
 * Where `appPath` leads, as `checkout()` decides it on the written files: a directory (relative to the
 * root, "" for the root), or the error it throws; undefined when the path is or passes through a
 * symlink, or is a submodule (an empty directory in a checkout).
 */
function locate(kinds: Map<string, PathKind>, appPath: string | undefined): { dir: string } | { error: SourceError } | undefined {
  if (appPath === undefined || appPath === '' || appPath === '.') return { dir: '' };
  let wanted: string;
  try {
    wanted = checkAppPath(appPath);
  } catch (error) {
    return { error: error as SourceError };
  }
  const segments = wanted.split('/').filter((s) => s !== '' && s !== '.');
  for (let i = 1; i <= segments.length; i++) {
    const kind = kinds.get(segments.slice(0, i).join('/'));
    if (kind === 'symlink' || (kind === 'submodule' && i === segments.length)) return undefined;
    if (kind === undefined || (kind !== 'dir' && i < segments.length)) return { error: appPathMissing(wanted) };
    if (kind !== 'dir') return { error: appPathNotDirectory(wanted) };
  }
  return { dir: segments.join('/') };
}

async function readBlobs(context: CommitTreeContext, sha: string, blobs: TreeEntry[]): Promise<Buffer[]> {
  const contents: Buffer[] = [];
  let parts: Buffer[] = [];
  await catBlobs(context, sha, blobs, {
    start: () => {
      parts = [];
    },
    data: (part) => {
      parts.push(part);
    },
    end: () => {
      contents.push(Buffer.concat(parts));
    },
  });
  return contents;
}
