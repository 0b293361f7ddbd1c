import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { realpath, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { RenderError } from '../core/errors.js';

/** Default size limit for one file read from a repository. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Resolves `relative` against `base` (both inside `root`) and follows symlinks; refuses anything
 * that ends up outside `root` (`..` paths, absolute paths, symlinks pointing out).
 * `root` must itself be a real path (no symlinks), as checkouts are.
 */
export async function resolveInside(root: string, relative: string, base: string = root): Promise<string> {
  const realRoot = await realpath(root);
  // Work on real paths: the root itself may be reached through a symlink (a checkout under a linked dir).
  const realBase = base === root ? realRoot : await realpath(base).catch(() => path.resolve(realRoot, path.relative(root, base)));
  const lexical = path.resolve(realBase, relative);
  const display = path.relative(realRoot, lexical) || '.';
  if (path.isAbsolute(relative) || !isInside(realRoot, lexical)) {
    throw new RenderError(`${relative}: path leaves the repository root`, { file: relative, code: 'UnsafePath' });
  }
  let real: string;
  try {
    real = await realpath(lexical);
  } catch (cause) {
    throw new RenderError(`${display}: no such file or directory`, { file: display, cause });
  }
  if (!isInside(realRoot, real)) {
    throw new RenderError(`${display}: symlink points outside the repository root`, { file: display, code: 'UnsafePath' });
  }
  return real;
}

/** Reads a file inside `root`, refusing escapes and files over `maxBytes`. */
export async function readFileInside(
  root: string,
  relative: string,
  options: { base?: string; maxBytes?: number } = {},
): Promise<{ path: string; text: string }> {
  const real = await resolveInside(root, relative, options.base ?? root);
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  const [info, realRoot] = await Promise.all([stat(real), realpath(root)]);
  const display = path.relative(realRoot, real);
  checkReadable(info, display, maxBytes);
  return { path: real, text: await readFile(real, 'utf8') };
}

/**
 * Reads a file whose real path a confined walk already checked (inside the root, symlinks
 * resolved): one open that refuses a symlink swapped in since, a size check on the open file, one
 * read. Synchronous: a checkout's small files are read faster than the thread pool can hand them back.
 */
export function readListedFile(real: string, display: string, maxBytes: number = MAX_FILE_BYTES): string {
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (cause) {
    throw new RenderError(`${display}: cannot be read (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`, {
      file: display,
      cause,
    });
  }
  try {
    checkReadable(fstatSync(fd), display, maxBytes);
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Refuses, before any byte is read, what must not be read: not a regular file, over `maxBytes`, or a
 * file a checkout left unread because it was too large (mode 0000, see source/git/materialise.ts):
 * its size is known but its bytes were never written, so it is refused whatever this reader's limit.
 */
export function checkReadable(info: Stats, display: string, maxBytes: number): void {
  if (!info.isFile()) throw new RenderError(`${display}: not a regular file`, { file: display });
  if (info.size > maxBytes) throw fileTooLarge(display, info.size, maxBytes);
  if ((info.mode & 0o777) === 0 && info.size > 0) {
    throw new RenderError(`${display}: file is ${info.size} bytes, too large to be read from the repository`, {
      file: display,
      code: 'InputTooLarge',
    });
  }
}

/** The InputTooLarge error for a file of `size` bytes over `maxBytes`, named `display`. */
export function fileTooLarge(display: string, size: number, maxBytes: number): RenderError {
  return new RenderError(`${display}: file is ${size} bytes, over the ${maxBytes}-byte limit`, { file: display, code: 'InputTooLarge' });
}
