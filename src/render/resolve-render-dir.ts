import { stat } from 'node:fs/promises';
import path from 'node:path';
import { RenderError } from '../core/errors.js';
import type { SourceTree } from '../core/model/source-tree.js';
import { resolveInside } from '../fs/confined-fs.js';

/** The directory a renderer reads: its real path, and its path relative to the root ("" for the root). */
export interface RenderDir {
  real: string;
  path: string;
}

/**
 * Resolves `relPath` (relative to `root`) to a directory inside `root`. Refuses absolute paths and any
 * `..` segment (even one that would stay inside) and directories reached through a symlink pointing out.
 */
export async function resolveRenderDir(root: string, relPath: string): Promise<RenderDir> {
  const normalized = normalizeRenderPath(relPath);
  const real = await resolveInside(root, normalized || '.');
  if (!(await stat(real)).isDirectory()) throw new RenderError(`${normalized}: not a directory`, { file: normalized });
  return { real, path: normalized };
}

/**
 * resolveRenderDir on a tree in memory (which holds no symlinks): the directory's path relative to the
 * root, with the same errors; undefined when the path is outside the part of the commit the tree holds.
 */
export function resolveTreeDir(tree: SourceTree, relPath: string): string | undefined {
  const normalized = normalizeRenderPath(relPath);
  if (tree.path !== '' && normalized !== tree.path && !normalized.startsWith(`${tree.path}/`)) return undefined;
  if (tree.directories.has(normalized)) return normalized;
  if (tree.files.has(normalized)) throw new RenderError(`${normalized}: not a directory`, { file: normalized });
  throw new RenderError(`${normalized}: no such file or directory`, { file: normalized });
}

/** `relPath` without "." or empty segments ("" for the root); refuses absolute paths and "..". */
function normalizeRenderPath(relPath: string): string {
  const segments = relPath.split('/').filter((s) => s !== '' && s !== '.');
  if (path.isAbsolute(relPath) || segments.includes('..')) {
    throw new RenderError(`${relPath}: path must stay inside the repository (no "..", not absolute)`, {
      file: relPath,
      code: 'UnsafePath',
    });
  }
  return segments.join('/');
}
