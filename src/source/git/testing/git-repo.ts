import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { removeTree } from '../checkout-store.js';

/** Test support: real git repositories in temp dirs, built with a git isolated from the machine's config. */
export const TEST_GIT_ENV: Record<string, string> = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: '/nonexistent',
  LC_ALL: 'C',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Ada Lovelace',
  GIT_AUTHOR_EMAIL: 'ada@example.com',
  GIT_COMMITTER_NAME: 'Grace Hopper',
  GIT_COMMITTER_EMAIL: 'grace@example.com',
};

export function git(cwd: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync('git', ['-c', 'init.defaultBranch=main', ...args], {
    cwd,
    env: { ...TEST_GIT_ENV, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

export function makeTempDir(prefix = 'tideway-git-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export async function removeTempDir(dir: string): Promise<void> {
  await removeTree(dir);
}

/** A non-bare repository that tests write files into and commit. */
export class TestRepo {
  constructor(readonly dir: string) {}

  static create(dir: string): TestRepo {
    mkdirSync(dir, { recursive: true });
    git(dir, ['init', '--quiet']);
    return new TestRepo(dir);
  }

  git(...args: string[]): string {
    return git(this.dir, args);
  }

  write(files: Record<string, string>): this {
    for (const [name, content] of Object.entries(files)) {
      const full = path.join(this.dir, name);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
    return this;
  }

  /** Stages everything and commits; returns the new commit's SHA. */
  commit(message: string, files: Record<string, string> = {}, date?: string): string {
    this.write(files);
    git(this.dir, ['add', '-A']);
    const env: Record<string, string> = date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {};
    git(this.dir, ['commit', '--quiet', '--allow-empty', '--no-verify', '-m', message], env);
    return this.git('rev-parse', 'HEAD');
  }

  /** Total objects stored (loose and packed), to tell how much a fetch moved. */
  static countObjects(gitDir: string): number {
    const out = git(gitDir, ['--git-dir', gitDir, 'count-objects', '-v']);
    const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(out)?.[1] ?? 0);
    return field('count') + field('in-pack');
  }
}
