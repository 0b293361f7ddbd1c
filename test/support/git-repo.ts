import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A real git repository in a temp dir, for tests: write files, commit, and read back the SHA. */
export interface TestRepo {
  dir: string;
  /** Writes (string) or deletes (null) files, commits them, and returns the new commit's SHA. */
  commit(files: Record<string, string | null>, message?: string): string;
  symlink(target: string, linkPath: string, message?: string): string;
  head(): string;
  remove(): void;
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Ada Tester',
      GIT_AUTHOR_EMAIL: 'ada@example.com',
      GIT_COMMITTER_NAME: 'Ada Tester',
      GIT_COMMITTER_EMAIL: 'ada@example.com',
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: os.tmpdir(),
    },
  }).trim();
}

export function createTestRepo(files: Record<string, string> = {}): TestRepo {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-repo-'));
  git(dir, 'init', '-q', '-b', 'main');
  const repo: TestRepo = {
    dir,
    commit(changes, message = 'update') {
      for (const [rel, content] of Object.entries(changes)) {
        const full = path.join(dir, rel);
        if (content === null) rmSync(full, { force: true, recursive: true });
        else {
          mkdirSync(path.dirname(full), { recursive: true });
          writeFileSync(full, content);
        }
      }
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '--allow-empty', '-m', message);
      return repo.head();
    },
    symlink(target, linkPath, message = 'add symlink') {
      const full = path.join(dir, linkPath);
      mkdirSync(path.dirname(full), { recursive: true });
      symlinkSync(target, full);
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', message);
      return repo.head();
    },
    head: () => git(dir, 'rev-parse', 'HEAD'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  if (Object.keys(files).length > 0) repo.commit(files, 'initial');
  return repo;
}
