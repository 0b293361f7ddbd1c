import { randomBytes } from 'node:crypto';
import { constants, existsSync } from 'node:fs';
import { type FileHandle, mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { TEMP_PREFIX } from './atomic-write.js';
import { UnsafeHostPathError } from './host-errors.js';

/**
 * Writes and removals under the host root that a local user cannot redirect outside it by swapping
 * a directory for a symbolic link while Tideway works (it may run as root).
 *
 * Node has no openat(2). On Linux, `/proc/self/fd/N/name` is looked up in the directory open as fd
 * N, whatever its path has become since: each path component is opened that way from its parent's
 * descriptor with O_NOFOLLOW | O_DIRECTORY, starting from the root's descriptor, so a component that
 * became a symbolic link fails (ELOOP / ENOTDIR) instead of being followed. The temporary file is
 * created (O_EXCL | O_NOFOLLOW), renamed and, on failure, removed through the same directory
 * descriptor. Elsewhere (no /proc) the chain is checked again by identity (dev/ino) right before the
 * rename: a narrower window, documented in docs/security.md.
 */
const PROC_FD = '/proc/self/fd';
const hasProcFd = existsSync(PROC_FD);

const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

function swapped(field: string, rel: string, error: unknown): UnsafeHostPathError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return new UnsafeHostPathError(
    field,
    `${rel} changed while Tideway wrote it (a symbolic link or non-directory appeared: ${code}); nothing was written`,
  );
}

/** A directory open by descriptor, with the name of a child in it that path calls resolve in that directory. */
interface OpenDir {
  handle: FileHandle;
  /** Path of `name` inside this directory, for fs calls. */
  child(name: string): string;
  close(): Promise<void>;
}

async function openDir(parent: OpenDir | undefined, pathOrName: string): Promise<OpenDir> {
  const target = parent ? parent.child(pathOrName) : pathOrName;
  const handle = await open(target, DIR_FLAGS);
  const shown = target;
  return {
    handle,
    child: (name) => (hasProcFd ? `${PROC_FD}/${handle.fd}/${name}` : path.join(shown, name)),
    close: () => handle.close(),
  };
}

/**
 * Opens the directory `relDir` (relative, no `..`) under `realRoot`, creating missing directories
 * with `dirMode` (none: a missing one is ENOENT), never following a symbolic link on the way. The caller closes it.
 */
async function openDirBeneath(realRoot: string, relDir: string, dirMode: number | undefined, field: string): Promise<OpenDir> {
  let current = await openDir(undefined, realRoot);
  const parts = relDir.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  try {
    for (const part of parts) {
      if (part === '..') throw new UnsafeHostPathError(field, `${relDir} leaves the host root`);
      let next: OpenDir;
      try {
        next = await openDir(current, part);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw swapped(field, relDir, error);
        if (dirMode === undefined) throw error;
        try {
          await mkdir(current.child(part), { mode: dirMode });
        } catch (made) {
          if ((made as NodeJS.ErrnoException).code !== 'EEXIST') throw made;
        }
        try {
          next = await openDir(current, part);
          await next.handle.chmod(dirMode).catch(() => {});
        } catch (again) {
          throw swapped(field, relDir, again);
        }
      }
      await current.close();
      current = next;
    }
    return current;
  } catch (error) {
    await current.close().catch(() => {});
    throw error;
  }
}

/** Without /proc: whether `dir` (by path) is still the directory open as `handle`. */
async function stillSame(realRoot: string, relDir: string, handle: FileHandle): Promise<boolean> {
  const { lstat, realpath } = await import('node:fs/promises');
  const expected = path.join(realRoot, relDir);
  const [byFd, byPath] = await Promise.all([handle.stat(), lstat(expected)]);
  return byPath.isDirectory() && byFd.ino === byPath.ino && byFd.dev === byPath.dev && (await realpath(expected)) === expected;
}

/**
 * Writes `data` to `relFile` under `realRoot` atomically (a temporary file in the same directory,
 * given `mode`, synced, renamed over the file), confined as described above. Parent directories
 * that do not exist are created 0755.
 */
export async function writeFileBeneath(
  realRoot: string,
  relFile: string,
  data: string | Uint8Array,
  mode: number,
  field = 'spec.path',
): Promise<void> {
  const dir = await openDirBeneath(realRoot, path.dirname(relFile), 0o755, field);
  const name = path.basename(relFile);
  const tempName = `${TEMP_PREFIX}${name}-${randomBytes(6).toString('hex')}`;
  let created = false;
  try {
    const handle = await open(dir.child(tempName), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
    created = true;
    try {
      await handle.writeFile(data);
      await handle.chmod(mode); // the umask may have narrowed the mode given to open
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (!hasProcFd && !(await stillSame(realRoot, path.dirname(relFile), dir.handle))) throw swapped(field, relFile, { code: 'EXDEV' });
    await rename(dir.child(tempName), dir.child(name));
    created = false;
  } finally {
    if (created) await unlink(dir.child(tempName)).catch(() => {});
    await dir.close();
  }
}

/** Removes `relFile` under `realRoot` (absent is fine), through the confined directory. */
export async function removeFileBeneath(realRoot: string, relFile: string, field = 'spec.path'): Promise<void> {
  let dir: OpenDir;
  try {
    dir = await openDirBeneath(realRoot, path.dirname(relFile), undefined, field);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    if (!hasProcFd && !(await stillSame(realRoot, path.dirname(relFile), dir.handle))) throw swapped(field, relFile, { code: 'EXDEV' });
    await unlink(dir.child(path.basename(relFile))).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  } finally {
    await dir.close();
  }
}
