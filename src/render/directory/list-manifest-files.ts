import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { RenderError } from '../../core/errors.js';
import { resolveInside } from '../../fs/confined-fs.js';
import type { SourceTree } from '../../core/model/source-tree.js';
import type { RenderDir } from '../resolve-render-dir.js';
import type { FileFilter } from './file-filter.js';

/**
 * The manifest files under `dir`, as paths relative to `root`, in sorted path order. Hidden entries
 * (names starting with ".") are skipped, subdirectories are read only with `recurse`. A symlink that
 * would be read (a manifest file, or a directory when recursing) must resolve inside `root`, otherwise
 * this throws an `UnsafePath` RenderError naming it; symlinks to non-manifest files are left alone.
 */
export async function listManifestFiles(
  root: string,
  dir: RenderDir,
  options: { recurse: boolean; filter: FileFilter },
): Promise<ManifestFile[]> {
  const files: ManifestFile[] = [];
  await walk(root, dir.real, dir.path, '', options, new Set([dir.real]), files);
  return files.sort((a, b) => comparePaths(a.path, b.path));
}

/**
 * listManifestFiles on a tree in memory (which holds no symlinks): the paths (relative to the root)
 * of the manifest files under `dir`, by the same rules and in the same order.
 */
export function listTreeManifestFiles(tree: SourceTree, dir: string, options: { recurse: boolean; filter: FileFilter }): string[] {
  const prefix = dir === '' ? '' : `${dir}/`;
  const entered = new Map<string, boolean>();
  const enters = (relDir: string): boolean => {
    let yes = entered.get(relDir);
    if (yes === undefined) entered.set(relDir, (yes = options.filter.entersDirectory(relDir)));
    return yes;
  };
  const files: string[] = [];
  for (const file of tree.files.keys()) {
    if (!file.startsWith(prefix)) continue;
    const relPath = file.slice(prefix.length);
    const names = relPath.split('/');
    if (names.some((name) => name.startsWith('.'))) continue; // a hidden file, or one under a hidden directory
    if (names.length > 1 && !options.recurse) continue;
    if (!names.slice(0, -1).every((_, i) => enters(names.slice(0, i + 1).join('/')))) continue;
    if (options.filter.includesFile(relPath)) files.push(file);
  }
  return files.sort(comparePaths);
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
  files: ManifestFile[],
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
      if (!wantedFile && !wantedDir(info?.isDirectory())) continue;
      targetReal = await resolveInside(root, rel);
      const resolved = await stat(targetReal);
      isDir = resolved.isDirectory();
      isFile = resolved.isFile();
    }
    if (wantedDir(isDir)) {
      if (ancestors.has(targetReal)) throw new RenderError(`${rel}: symlink loop (leads back to a parent directory)`, { file: rel });
      await walk(root, targetReal, rel, relPath, options, new Set([...ancestors, targetReal]), files);
    } else if (isFile && wantedFile) {
      files.push({ path: rel, real: targetReal });
    }
  }
}

function join(parent: string, name: string): string {
  return parent ? `${parent}/${name}` : name;
}
