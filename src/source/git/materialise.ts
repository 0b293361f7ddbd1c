import { closeSync, openSync, writeSync } from 'node:fs';
import { chmod, mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { SourceError } from '../../core/errors.js';
import type { GitRunner } from './git-runner.js';
import type { Mirror } from './mirror.js';

/** One file of a commit's tree, as `git ls-tree -r -l -z` lists it. */
export interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
  /** Bytes, for blobs; 0 otherwise. */
  size: number;
  path: string;
}

export function parseLsTree(out: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of out.toString('utf8').split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode, type, oid, size] = record.slice(0, tab).split(/ +/);
    entries.push({ mode, type, oid, size: size === '-' ? 0 : Number(size), path: record.slice(tab + 1) });
  }
  return entries;
}

/** Why a tree path must not be written (it could leave the checkout or write into `.git`), if so. */
export function treePathProblem(p: string): string | undefined {
  for (const part of p.split('/')) {
    if (part === '' || part === '.' || part === '..') return 'it has an empty, "." or ".." component';
    if (part.toLowerCase() === '.git') return 'it has a ".git" component';
  }
  return undefined;
}

export interface MaterialiseContext {
  runner: GitRunner;
  mirror: Mirror;
  timeoutMs: number;
  maxBytes: number;
}

/**
 * Writes the tree of commit `sha` into the new directory `dest`, read-only (files 0444, executables
 * 0555, directories 0555). Blob bytes are copied as stored: no filter, smudge, LFS, attribute or hook
 * is involved, because git is only asked to list the tree and print blobs. Symlinks are created as
 * symlinks (their targets are checked when read, see resolveAppPath); submodules become empty directories.
 */
export async function materialise(context: MaterialiseContext, sha: string, dest: string): Promise<void> {
  const { mirror } = context;
  const entries = parseLsTree(await mirror.git(['ls-tree', '-r', '-l', '-z', '--full-tree', '--end-of-options', sha]));
  const unsafe = (why: string) => new SourceError('UnsafeRepository', `commit ${sha} of ${mirror.location.display} cannot be checked out: ${why}`, { repoURL: mirror.location.display, revision: sha });
  let total = 0;
  for (const entry of entries) {
    const problem = treePathProblem(entry.path);
    if (problem) throw unsafe(`path ${JSON.stringify(entry.path)}: ${problem}`);
    total += entry.size;
  }
  if (total > context.maxBytes) {
    throw new SourceError('InputTooLarge', `commit ${sha} of ${mirror.location.display} holds ${total} bytes, over the ${context.maxBytes}-byte checkout limit`, { repoURL: mirror.location.display, revision: sha });
  }
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
    else if (entry.type === 'blob') blobs.push(entry);
    else throw unsafe(`${JSON.stringify(entry.path)} has unsupported mode ${entry.mode}`);
  }
  await writeBlobs(context, blobs, dest, unsafe);
  const depthFirst = [...dirs].sort((a, b) => b.split('/').length - a.split('/').length || b.length - a.length);
  for (const rel of depthFirst) await chmod(path.join(dest, rel), 0o555);
}

async function writeBlobs(context: MaterialiseContext, blobs: TreeEntry[], dest: string, unsafe: (why: string) => SourceError): Promise<void> {
  if (blobs.length === 0) return;
  const { mirror } = context;
  const proc = context.runner.start({ args: ['--git-dir', mirror.dir, 'cat-file', '--batch'], env: mirror.localEnv(), timeoutMs: context.timeoutMs });
  proc.child.stdin.end(blobs.map((b) => `${b.oid}\n`).join(''));
  let index = 0;
  let state: 'header' | 'body' | 'newline' = 'header';
  let remaining = 0;
  // Synchronous fd calls: for many small files they cost microseconds, where each awaited call costs a thread-pool round trip.
  let file: number | undefined;
  let link: Buffer[] = [];
  const finishEntry = async () => {
    const entry = blobs[index];
    if (file !== undefined) {
      closeSync(file);
      file = undefined;
    } else {
      const target = Buffer.concat(link).toString('utf8');
      if (target === '' || target.includes('\0')) throw unsafe(`symlink ${JSON.stringify(entry.path)} has an invalid target`);
      await symlink(target, path.join(dest, entry.path)).catch((cause) => {
        throw unsafe(`${JSON.stringify(entry.path)} clashes with another entry (${(cause as NodeJS.ErrnoException).code})`);
      });
    }
    index += 1;
  };
  try {
    let pending: Buffer = Buffer.alloc(0);
    for await (const chunk of proc.child.stdout as AsyncIterable<Buffer>) {
      const buf = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
      pending = Buffer.alloc(0);
      let at = 0;
      while (at < buf.length) {
        if (state === 'header') {
          const eol = buf.indexOf(0x0a, at);
          if (eol === -1) {
            pending = buf.subarray(at);
            break;
          }
          const [oid, type, size] = buf.toString('utf8', at, eol).split(' ');
          at = eol + 1;
          const entry = blobs[index];
          if (!entry || oid !== entry.oid || type !== 'blob') throw unsafe(`git cat-file answered ${JSON.stringify(`${oid} ${type}`)} for ${entry?.path ?? 'nothing'}`);
          remaining = Number(size);
          if (entry.mode === '120000') link = [];
          else {
            try {
              file = openSync(path.join(dest, entry.path), 'wx', entry.mode === '100755' ? 0o555 : 0o444);
            } catch (cause) {
              throw unsafe(`${JSON.stringify(entry.path)} clashes with another entry (${(cause as NodeJS.ErrnoException).code})`);
            }
          }
          state = remaining > 0 ? 'body' : 'newline';
        } else if (state === 'body') {
          const part = buf.subarray(at, at + Math.min(remaining, buf.length - at));
          if (file !== undefined) writeAll(file, part);
          else link.push(part);
          at += part.length;
          remaining -= part.length;
          if (remaining === 0) state = 'newline';
        } else {
          at += 1;
          await finishEntry();
          state = 'header';
        }
      }
    }
    const exit = await proc.exited;
    if (exit.timedOut) throw new SourceError('SourceUnavailable', `checking out ${mirror.location.display} timed out after ${context.timeoutMs} ms`, { repoURL: mirror.location.display });
    if (exit.exitCode !== 0 || index !== blobs.length) {
      throw new SourceError('SourceUnavailable', `git cat-file in the mirror of ${mirror.location.display} failed (${index}/${blobs.length} files written): ${exit.stderr.trim() || `exit ${exit.exitCode}`}`, { repoURL: mirror.location.display });
    }
  } finally {
    if (file !== undefined) closeSync(file);
    if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
    await proc.exited.catch(() => {});
  }
}

function writeAll(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
}
