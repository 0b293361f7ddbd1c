import { lstat, readFile } from 'node:fs/promises';
import { MAX_FILE_CONTENT_BYTES } from './host-kinds.js';
import { sha256 } from './spec-hash.js';

/** What is on disk at a managed path. */
export interface FileObservation {
  exists: boolean;
  /** A regular file (not a directory, symbolic link, ...). */
  regular: boolean;
  hash?: string;
  /** Permission bits. */
  mode?: number;
  size?: number;
}

interface Fingerprint {
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  hash: string;
}

/**
 * Observes files cheaply: the content is hashed again only when inode, size, mtime or ctime changed, so
 * the periodic rescan costs one lstat per managed file.
 */
export class FileObserver {
  private readonly cache = new Map<string, Fingerprint>();

  async observe(absPath: string): Promise<FileObservation> {
    let info;
    try {
      info = await lstat(absPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') {
        this.cache.delete(absPath);
        return { exists: false, regular: false };
      }
      throw error;
    }
    const mode = info.mode & 0o777;
    if (!info.isFile()) return { exists: true, regular: false, mode };
    const cached = this.cache.get(absPath);
    if (
      cached &&
      cached.ino === info.ino &&
      cached.size === info.size &&
      cached.mtimeMs === info.mtimeMs &&
      cached.ctimeMs === info.ctimeMs
    ) {
      return { exists: true, regular: true, hash: cached.hash, mode, size: info.size };
    }
    // A file far larger than any content Tideway writes cannot match: do not read it.
    const hash = info.size > 2 * MAX_FILE_CONTENT_BYTES ? 'oversized' : sha256(await readFile(absPath));
    this.cache.set(absPath, { ino: info.ino, size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, hash });
    return { exists: true, regular: true, hash, mode, size: info.size };
  }

  forget(absPath: string): void {
    this.cache.delete(absPath);
  }
}

export function formatMode(mode: number | undefined): string | undefined {
  return mode === undefined ? undefined : `0${mode.toString(8).padStart(3, '0')}`;
}
