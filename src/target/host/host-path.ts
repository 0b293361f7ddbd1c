import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { UnsafeHostPathError } from './host-errors.js';

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Resolves `relative` (already checked lexically by validate.ts) under `realRoot` (a real path) and refuses
 * anything that leads out: `..`, absolute paths, and symbolic links on the way that point outside.
 * The last component must not be a symbolic link at all. Components that do not
 * exist yet are allowed (they will be created inside). Returns the absolute path with links resolved.
 */
export async function resolveHostPath(realRoot: string, relative: string, field: string): Promise<string> {
  const lexical = path.resolve(realRoot, relative);
  if (path.isAbsolute(relative) || !isInside(realRoot, lexical)) {
    throw new UnsafeHostPathError(field, `${JSON.stringify(relative)} leaves the host root`);
  }
  const parts = path.relative(realRoot, lexical).split(path.sep).filter(Boolean);
  let current = realRoot;
  for (let i = 0; i < parts.length; i++) {
    const next = path.join(current, parts[i]);
    const shown = parts.slice(0, i + 1).join('/');
    let info;
    try {
      info = await lstat(next);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path.join(next, ...parts.slice(i + 1));
      throw error;
    }
    if (info.isSymbolicLink()) {
      if (i === parts.length - 1) throw new UnsafeHostPathError(field, `${shown} is a symbolic link; Tideway manages regular files only`);
      let target: string;
      try {
        target = await realpath(next);
      } catch {
        throw new UnsafeHostPathError(field, `${shown} is a dangling symbolic link`);
      }
      if (!isInside(realRoot, target)) throw new UnsafeHostPathError(field, `${shown} is a symbolic link leading outside the host root`);
      current = target;
      continue;
    }
    if (i < parts.length - 1 && !info.isDirectory()) throw new UnsafeHostPathError(field, `${shown} is not a directory`);
    current = next;
  }
  return current;
}
