import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { chmod, mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import type { SourceError } from '../../core/errors.js';
import { catBlobs } from './cat-blobs.js';
import { isOversized, listCommitTree, symlinkTarget, unsafeCommit, type CommitTreeContext, type TreeEntry } from './tree-listing.js';

/**
 * Writes the tree of commit `sha` into the new directory `dest`, read-only and the agent user's only
 * (files 0400, executables 0500, directories 0500: a private repository stays private on a shared host). Blob bytes are copied as stored: no filter, smudge, LFS, attribute or hook
 * is involved, because git is only asked to list the tree and print blobs. Symlinks are created as
 * symlinks (their targets are checked when read, see resolveAppPath); submodules become empty directories.
 * A file over `maxFileBytes` is never read from git: it is written as a sparse file of its size with
 * mode 0000 (no bytes), which every reader of repository files refuses before reading
 * (`checkReadable` in fs/confined-fs.ts): by its size, or as a file left unread whatever its size.
 */
export async function materialise(context: CommitTreeContext, sha: string, dest: string): Promise<void> {
  const entries = await listCommitTree(context, sha);
  const unsafe = (why: string) => unsafeCommit(context.mirror, sha, why);
  await mkdir(dest);
  const dirs = new Set<string>(['']);
  const ensureDir = async (rel: string): Promise<void> => {
    if (dirs.has(rel)) return;
    await ensureDir(path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel));
    try {
      await mkdir(path.join(dest, rel));
    } catch (cause) {
      throw unsafe(`${JSON.stringify(rel)} is listed twice (${(cause as NodeJS.ErrnoException).code})`);
    }
    dirs.add(rel);
  };
  const blobs: TreeEntry[] = [];
  for (const entry of entries) {
    const parent = path.posix.dirname(entry.path);
    await ensureDir(parent === '.' ? '' : parent);
    if (entry.mode === '160000') await ensureDir(entry.path);
    else if (isOversized(context, entry)) writeSizeOnly(dest, entry, unsafe);
    else if (entry.type === 'blob') blobs.push(entry);
    else throw unsafe(`${JSON.stringify(entry.path)} has unsupported mode ${entry.mode}`);
  }
  await writeBlobs(context, sha, blobs, dest, unsafe);
  const depthFirst = [...dirs].sort((a, b) => b.split('/').length - a.split('/').length || b.length - a.length);
  for (const rel of depthFirst) await chmod(path.join(dest, rel), 0o500);
}

async function writeBlobs(
  context: CommitTreeContext,
  sha: string,
  blobs: TreeEntry[],
  dest: string,
  unsafe: (why: string) => SourceError,
): Promise<void> {
  // Synchronous fd calls: for many small files they cost microseconds, where each awaited call costs a thread-pool round trip.
  let file: number | undefined;
  let link: Buffer[] = [];
  try {
    await catBlobs(context, sha, blobs, {
      start(entry) {
        if (entry.mode === '120000') {
          link = [];
          return;
        }
        try {
          file = openSync(path.join(dest, entry.path), 'wx', entry.mode === '100755' ? 0o500 : 0o400);
        } catch (cause) {
          throw unsafe(`${JSON.stringify(entry.path)} clashes with another entry (${(cause as NodeJS.ErrnoException).code})`);
        }
      },
      data(part) {
        if (file !== undefined) writeAll(file, part);
        else link.push(part);
      },
      async end(entry) {
        if (file !== undefined) {
          closeSync(file);
          file = undefined;
          return;
        }
        const target = symlinkTarget(Buffer.concat(link));
        if (target === undefined) throw unsafe(`symlink ${JSON.stringify(entry.path)} has an invalid target`);
        await symlink(target, path.join(dest, entry.path)).catch((cause) => {
          throw unsafe(`${JSON.stringify(entry.path)} clashes with another entry (${(cause as NodeJS.ErrnoException).code})`);
        });
      },
    });
  } finally {
    if (file !== undefined) closeSync(file);
  }
}

/** A file of the entry's size holding no data (sparse), mode 0000: its blob is never read. */
function writeSizeOnly(dest: string, entry: TreeEntry, unsafe: (why: string) => SourceError): void {
  let fd: number;
  try {
    fd = openSync(path.join(dest, entry.path), 'wx', 0o000);
  } catch (cause) {
    throw unsafe(`${JSON.stringify(entry.path)} clashes with another entry (${(cause as NodeJS.ErrnoException).code})`);
  }
  try {
    ftruncateSync(fd, entry.size);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
}
