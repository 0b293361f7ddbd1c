import { stat } from 'node:fs/promises';
import path from 'node:path';
import { SourceError, TidewayError } from '../../core/errors.js';
import { resolveInside } from '../../render/confined-fs.js';

/**
 * The real directory of an app's `path` inside a checkout. Refuses (UnsafePath) absolute paths,
 * `..` escapes and symlinks that lead outside the checkout; a path that does not exist or is not a
 * directory is an InvalidApplication error.
 */
export async function resolveAppPath(checkoutDir: string, appPath: string | undefined): Promise<string> {
  const wanted = appPath === undefined || appPath === '' ? '.' : appPath;
  const unsafe = (why: string, cause?: unknown) => new SourceError('UnsafePath', `path ${JSON.stringify(wanted)} ${why}`, { cause });
  if (wanted.includes('\0')) throw unsafe('contains a NUL character');
  if (path.isAbsolute(wanted)) throw unsafe('is absolute; it must be relative to the repository root');
  if (wanted.split(/[\\/]/).includes('..')) throw unsafe('contains ".."; it must stay inside the repository');
  let real: string;
  try {
    real = await resolveInside(checkoutDir, wanted);
  } catch (error) {
    if (error instanceof TidewayError && error.code === 'UnsafePath') throw unsafe('leads outside the repository (through a symlink)', error);
    throw new SourceError('InvalidApplication', `path ${JSON.stringify(wanted)} does not exist in the repository`, { cause: error });
  }
  if (!(await stat(real)).isDirectory()) throw new SourceError('InvalidApplication', `path ${JSON.stringify(wanted)} is not a directory`);
  return real;
}
