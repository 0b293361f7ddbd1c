import { chmodSync, closeSync, fchmodSync, openSync, writeSync } from 'node:fs';

/** The mode of every file the agent keeps for itself: readable and writable by its user only. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Writes `text` to `file`, which is left with mode 0600 whatever the umask, the directory's mode,
 * or the mode an existing file had (open's mode only applies to a file it creates, and the umask
 * narrows it: the fchmod is what makes it so).
 */
export function writePrivateFileSync(file: string, text: string): void {
  const fd = openSync(file, 'w', PRIVATE_FILE_MODE);
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE);
    const data = Buffer.from(text);
    let at = 0;
    while (at < data.length) at += writeSync(fd, data, at, data.length - at);
  } finally {
    closeSync(fd);
  }
}

/** Creates `file` empty if it does not exist; either way it ends with mode 0600 (its contents untouched). */
export function ensurePrivateFileSync(file: string): void {
  const fd = openSync(file, 'a', PRIVATE_FILE_MODE);
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE);
  } finally {
    closeSync(fd);
  }
}

/** Gives `file` mode 0600 if it exists (a file an earlier version left readable by others). */
export function restrictIfPresentSync(file: string): void {
  try {
    chmodSync(file, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Before SQLite opens `file`: the database file exists with mode 0600, and any -wal, -shm or
 * -journal file left by an earlier run is made 0600 too. SQLite creates those files later with the
 * database file's own permissions (its unix VFS copies them), so they are private as well.
 * `:memory:` and the empty name (temporary databases) have no file.
 */
export function preparePrivateDatabaseSync(file: string): void {
  if (file === '' || file === ':memory:' || file.startsWith('file:')) return;
  ensurePrivateFileSync(file);
  for (const suffix of ['-wal', '-shm', '-journal']) restrictIfPresentSync(`${file}${suffix}`);
}
