import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, lstat, mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { KeyedLock } from '../../concurrency/keyed-lock.js';

/**
 * Read-only checkouts at `<root>/<sha>`, shared by every caller of the same commit and counted.
 * Building happens in a temporary directory renamed into place, so a checkout directory is always
 * complete. With `keep` = 0 the directory is removed when the last holder releases it; with `keep` > 0
 * the `keep` most recently used unheld checkouts stay on disk and are reused, also by later processes
 * (a commit's content never changes), the least recently used beyond that are removed.
 */
export class CheckoutStore {
  private readonly holders = new Map<string, number>();

  constructor(
    private readonly root: string,
    private readonly locks: KeyedLock,
    private readonly keep = 0,
  ) {}

  dirOf(sha: string): string {
    return path.join(this.root, sha);
  }

  /** Takes one hold on the checkout of `sha`, building it with `build(tmpDir)` if nobody holds it. */
  async acquire(sha: string, build: (tmpDir: string) => Promise<void>): Promise<string> {
    return this.locks.run(`checkout:${sha}`, async () => {
      const dir = this.dirOf(sha);
      const held = this.holders.get(sha) ?? 0;
      if (held === 0 && this.keep > 0 && (await isDirectory(dir))) {
        // A kept checkout: complete (renamed into place only once built), read-only. Mark it used.
        const now = new Date();
        await utimes(dir, now, now);
      } else if (held === 0) {
        // Without keeping, a directory nobody here holds is a leftover: never trust it, rebuild.
        await removeTree(dir);
        await mkdir(this.root, { recursive: true });
        const tmp = path.join(this.root, `.tmp-${sha}-${randomBytes(4).toString('hex')}`);
        try {
          await build(tmp);
          await rename(tmp, dir);
        } catch (error) {
          await removeTree(tmp);
          throw error;
        }
      }
      this.holders.set(sha, held + 1);
      return dir;
    });
  }

  /** Drops one hold; the last one removes the directory. */
  async release(sha: string): Promise<void> {
    await this.locks.run(`checkout:${sha}`, async () => {
      const held = this.holders.get(sha) ?? 0;
      if (held <= 1) {
        this.holders.delete(sha);
        if (this.keep === 0) await removeTree(this.dirOf(sha));
      } else this.holders.set(sha, held - 1);
    });
    if (this.keep > 0) await this.evict();
  }

  /** Removes the least recently used unheld checkouts beyond `keep`. */
  private async evict(): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(this.root)).filter((n) => /^[0-9a-f]{40,64}$/.test(n) && !this.holders.has(n));
    } catch {
      return;
    }
    if (names.length <= this.keep) return;
    const aged = await Promise.all(
      names.map(async (n) => ({ n, t: (await stat(path.join(this.root, n)).catch(() => undefined))?.mtimeMs ?? 0 })),
    );
    aged.sort((a, b) => b.t - a.t);
    for (const { n } of aged.slice(this.keep)) {
      await this.locks.run(`checkout:${n}`, async () => {
        if (!this.holders.has(n)) await removeTree(path.join(this.root, n));
      });
    }
  }

  /** Number of holds on `sha` (for tests and status). */
  holdsOn(sha: string): number {
    return this.holders.get(sha) ?? 0;
  }

  /** Removes every checkout directory nobody holds (leftovers of crashed runs, interrupted builds). */
  async gc(): Promise<string[]> {
    if (!existsSync(this.root)) return [];
    const removed: string[] = [];
    for (const name of await readdir(this.root)) {
      const building = /^\.tmp-(.+)-[0-9a-f]{8}$/.exec(name);
      const sha = building ? building[1] : name;
      await this.locks.run(`checkout:${sha}`, async () => {
        if (!building && this.holders.has(sha)) return;
        await removeTree(path.join(this.root, name));
        removed.push(name);
      });
    }
    return removed;
  }

  /** Removes every checkout, held or not (the source is shutting down). */
  async clear(): Promise<void> {
    this.holders.clear();
    await this.gc();
  }
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await lstat(dir)).isDirectory();
  } catch {
    return false;
  }
}

/** Removes a read-only tree: directories are made writable first (symlinks are never followed). */
export async function removeTree(dir: string): Promise<void> {
  let info;
  try {
    info = await lstat(dir);
  } catch {
    return;
  }
  if (info.isDirectory()) await makeWritable(dir);
  await rm(dir, { recursive: true, force: true });
}

async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) await makeWritable(path.join(dir, entry.name));
  }
}
