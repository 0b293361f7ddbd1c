import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { RenderError } from '../../core/errors.js';
import { resolveInside } from '../../fs/confined-fs.js';
import type { SourceTree } from '../../core/model/source-tree.js';
import type { RenderDir } from '../resolve-render-dir.js';
import type { FileFilter, SkipReason } from './file-filter.js';

/** A file or directory of the rendered path that was not read, and why (directories end with "/"). */
export interface SkippedEntry {
  /** Relative to the rendered path. */
  path: string;
  reason: SkipReason;
}

/** What a directory application reads: its manifest files, and what it left out. */
export interface Listing<F> {
  files: F[];
  skipped: SkippedEntry[];
}

/**
 * The manifest files under `dir`, as paths relative to `root`, in sorted path order, and the entries
 * skipped. Hidden entries (names starting with ".") are left out without a word, subdirectories are
 * read only with `recurse`. A file in a format Tideway does not render (jsonnet) that the filter lets
 * through is a RenderError naming it. A symlink that would be read (a manifest file, or a directory
 * when recursing) must resolve inside `root`, otherwise this throws an `UnsafePath` RenderError naming
 * it; symlinks to non-manifest files are left alone.
 */
export async function listManifestFiles(
  root: string,
  dir: RenderDir,
  options: { recurse: boolean; filter: FileFilter },
): Promise<Listing<ManifestFile>> {
  const listing: Listing<ManifestFile> & { unsupported: string[] } = { files: [], skipped: [], unsupported: [] };
  await walk(root, dir.real, dir.path, '', options, new Set([dir.real]), listing);
  refuseUnsupported(listing.unsupported, dir.path, options.filter);
  listing.files.sort((a, b) => comparePaths(a.path, b.path));
  return { files: listing.files, skipped: listing.skipped.sort((a, b) => comparePaths(a.path, b.path)) };
}

/**
 * listManifestFiles on a tree in memory (which holds no symlinks): the paths (relative to the root)
 * of the manifest files under `dir`, and the entries skipped, by the same rules and in the same order.
 */
export function listTreeManifestFiles(tree: SourceTree, dir: string, options: { recurse: boolean; filter: FileFilter }): Listing<string> {
  const prefix = dir === '' ? '' : `${dir}/`;
  const entered = new Map<string, boolean>();
  const enters = (relDir: string): boolean => {
    let yes = entered.get(relDir);
    if (yes === undefined) entered.set(relDir, (yes = options.filter.entersDirectory(relDir)));
    return yes;
  };
  const files: string[] = [];
  const skipped = new Map<string, SkipReason>();
  const unsupported: string[] = [];
  for (const d of tree.directories) {
    if (d === dir || !d.startsWith(prefix)) continue;
    const names = d.slice(prefix.length).split('/');
    if (names.some((name) => name.startsWith('.'))) continue;
    if (!options.recurse) {
      if (names.length === 1) skipped.set(`${names[0]}/`, 'recurse-off');
    } else if (!enters(names.join('/')) && names.slice(0, -1).every((_, i) => enters(names.slice(0, i + 1).join('/')))) {
      skipped.set(`${names.join('/')}/`, 'left-out');
    }
  }
  for (const file of tree.files.keys()) {
    if (!file.startsWith(prefix)) continue;
    const relPath = file.slice(prefix.length);
    const names = relPath.split('/');
    if (names.some((name) => name.startsWith('.'))) continue; // a hidden file, or one under a hidden directory
    if (names.length > 1 && !options.recurse) continue;
    if (!names.slice(0, -1).every((_, i) => enters(names.slice(0, i + 1).join('/')))) continue;
    if (options.filter.includesFile(relPath)) files.push(file);
    else if (options.filter.unsupportedFormat(relPath)) unsupported.push(file);
    else skipped.set(relPath, options.filter.skipReason(relPath));
  }
  refuseUnsupported(unsupported, dir, options.filter);
  return {
    files: files.sort(comparePaths),
    skipped: [...skipped].map(([p, reason]) => ({ path: p, reason })).sort((a, b) => comparePaths(a.path, b.path)),
  };
}

/** Throws for the first (in path order) of the files in a format Tideway does not render. */
function refuseUnsupported(files: string[], dir: string, filter: FileFilter): void {
  if (files.length === 0) return;
  const first = files.sort(comparePaths)[0];
  const format = filter.unsupportedFormat(dir === '' ? first : first.slice(dir.length + 1)) ?? 'this format';
  const more = files.length > 1 ? ` (and ${files.length - 1} more)` : '';
  throw new RenderError(
    `${format} is not supported: ${first}${more}; render it to YAML in the repository, or leave it out with spec.source.directory.exclude`,
    { file: first },
  );
}

function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A manifest file: its path relative to the root (for messages and origins) and its real path, checked to be inside the root. */
export interface ManifestFile {
  path: string;
  real: string;
}

async function walk(
  root: string,
  real: string,
  fromRoot: string,
  fromPath: string,
  options: { recurse: boolean; filter: FileFilter },
  ancestors: Set<string>,
  listing: Listing<ManifestFile> & { unsupported: string[] },
): Promise<void> {
  const entries = await readdir(real, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const rel = join(fromRoot, entry.name);
    const relPath = join(fromPath, entry.name);
    const wantedFile = options.filter.includesFile(relPath);
    const wantedDir = (isDir: boolean | undefined) => isDir === true && options.recurse && options.filter.entersDirectory(relPath);
    let targetReal = path.join(real, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      // Only a symlink that would be followed must stay inside: a manifest file, or a directory when recursing.
      const info = await stat(targetReal).catch(() => undefined);
      if (!wantedFile && !wantedDir(info?.isDirectory())) {
        if (info?.isDirectory()) listing.skipped.push({ path: `${relPath}/`, reason: options.recurse ? 'left-out' : 'recurse-off' });
        else if (info?.isFile()) skipFile(relPath, rel, options.filter, listing);
        continue;
      }
      targetReal = await resolveInside(root, rel);
      const resolved = await stat(targetReal);
      isDir = resolved.isDirectory();
      isFile = resolved.isFile();
    }
    if (wantedDir(isDir)) {
      if (ancestors.has(targetReal)) throw new RenderError(`${rel}: symlink loop (leads back to a parent directory)`, { file: rel });
      await walk(root, targetReal, rel, relPath, options, new Set([...ancestors, targetReal]), listing);
    } else if (isDir) {
      listing.skipped.push({ path: `${relPath}/`, reason: options.recurse ? 'left-out' : 'recurse-off' });
    } else if (isFile && wantedFile) {
      listing.files.push({ path: rel, real: targetReal });
    } else if (isFile) {
      skipFile(relPath, rel, options.filter, listing);
    }
  }
}

function skipFile(relPath: string, rel: string, filter: FileFilter, listing: Listing<ManifestFile> & { unsupported: string[] }): void {
  if (filter.unsupportedFormat(relPath)) listing.unsupported.push(rel);
  else listing.skipped.push({ path: relPath, reason: filter.skipReason(relPath) });
}

function join(parent: string, name: string): string {
  return parent ? `${parent}/${name}` : name;
}
