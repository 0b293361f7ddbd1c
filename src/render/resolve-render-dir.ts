import { stat } from 'node:fs/promises';
import path from 'node:path';
import { RenderError } from '../core/errors.js';
import { resolveInside } from './confined-fs.js';

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
  const segments = relPath.split('/').filter((s) => s !== '' && s !== '.');
  if (path.isAbsolute(relPath) || segments.includes('..')) {
    throw new RenderError(`${relPath}: path must stay inside the repository (no "..", not absolute)`, { file: relPath, code: 'UnsafePath' });
  }
  const normalized = segments.join('/');
  const real = await resolveInside(root, normalized || '.');
  if (!(await stat(real)).isDirectory()) throw new RenderError(`${normalized}: not a directory`, { file: normalized });
  return { real, path: normalized };
}
