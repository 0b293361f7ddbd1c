import { stat } from 'node:fs/promises';
import path from 'node:path';
import { SourceError, TidewayError } from '../../core/errors.js';
import { resolveInside } from '../../fs/confined-fs.js';

/**
 * The real directory of an app's `path` inside a checkout. Refuses (UnsafePath) absolute paths,
 * `..` escapes and symlinks that lead outside the checkout; a path that does not exist or is not a
 * directory is an InvalidApplication error.
 */
export async function resolveAppPath(checkoutDir: string, appPath: string | undefined): Promise<string> {
  const wanted = checkAppPath(appPath);
  let real: string;
  try {
    real = await resolveInside(checkoutDir, wanted);
  } catch (error) {
    if (error instanceof TidewayError && error.code === 'UnsafePath')
      throw unsafePath(wanted, 'leads outside the repository (through a symlink)', error);
    throw appPathMissing(wanted, error);
  }
  if (!(await stat(real)).isDirectory()) throw appPathNotDirectory(wanted);
  return real;
}

/** The app path as messages name it ("." for none), once refused (UnsafePath) if it has a NUL, is absolute or has "..". */
export function checkAppPath(appPath: string | undefined): string {
  const wanted = appPath === undefined || appPath === '' ? '.' : appPath;
  if (wanted.includes('\0')) throw unsafePath(wanted, 'contains a NUL character');
  if (path.isAbsolute(wanted)) throw unsafePath(wanted, 'is absolute; it must be relative to the repository root');
  if (wanted.split(/[\\/]/).includes('..')) throw unsafePath(wanted, 'contains ".."; it must stay inside the repository');
  return wanted;
}

export function appPathMissing(wanted: string, cause?: unknown): SourceError {
  return new SourceError('InvalidApplication', `path ${JSON.stringify(wanted)} does not exist in the repository`, { cause });
}

export function appPathNotDirectory(wanted: string): SourceError {
  return new SourceError('InvalidApplication', `path ${JSON.stringify(wanted)} is not a directory`);
}

function unsafePath(wanted: string, why: string, cause?: unknown): SourceError {
  return new SourceError('UnsafePath', `path ${JSON.stringify(wanted)} ${why}`, { cause });
}
