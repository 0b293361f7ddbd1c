import assert from 'node:assert/strict';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { lstat, readdir, readFile, readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { SourceError } from '../../core/errors.js';
import type { SourceSpec } from '../source.js';
import { createGitSource, type FetchReport, type GitSource } from './index.js';
import { makeTempDir, removeTempDir, TestRepo } from './testing/git-repo.js';

interface RevisionCase {
  revision?: string;
  commit: string;
  note?: string;
}

describe('Git source: resolving revisions', () => {
  let tmp: string;
  let repo: TestRepo;
  const commits: Record<string, string> = {};
  let source: GitSource;
  const fetches: FetchReport[] = [];

  before(() => {
    tmp = makeTempDir();
    repo = TestRepo.create(path.join(tmp, 'origin'));
    commits.c1 = repo.commit('first\n\nwith a body', { 'app/cm.yaml': 'kind: ConfigMap\n' }, '2024-03-01T10:00:00+01:00');
    repo.git('tag', 'v1');
    repo.git('checkout', '--quiet', '-b', 'feature');
    commits.c2 = repo.commit('second', { 'app/feature.yaml': 'x: 1\n' });
    repo.git('tag', '-a', 'v2', '-m', 'release two');
    repo.git('checkout', '--quiet', 'main');
    commits.c3 = repo.commit('third', { 'app/cm.yaml': 'kind: ConfigMap\nchanged: true\n' });
    source = createGitSource({ cacheDir: path.join(tmp, 'cache'), onFetch: (r) => fetches.push(r) });
  });
  after(async () => {
    await source.close();
    await removeTempDir(tmp);
  });

  const cases = parse(readFileSync(new URL('./testdata/revisions.yaml', import.meta.url), 'utf8')) as RevisionCase[];
  for (const c of cases) {
    test(`targetRevision ${JSON.stringify(c.revision ?? null)} resolves to ${c.commit}${c.note ? ` (${c.note})` : ''}`, async () => {
      const revision = c.revision?.replace(/\{(c\d)(?::(\d+))?\}/, (_, name: string, len?: string) =>
        commits[name].slice(0, len ? Number(len) : undefined),
      );
      const resolved = await source.resolve({ repoURL: repo.dir, targetRevision: revision });
      assert.equal(resolved.sha, commits[c.commit]);
    });
  }

  test('a resolved revision carries author, email, full message and ISO commit date', async () => {
    const resolved = await source.resolve({ repoURL: repo.dir, targetRevision: 'v1' });
    assert.deepEqual(resolved, {
      sha: commits.c1,
      author: 'Ada Lovelace',
      authorEmail: 'ada@example.com',
      message: 'first\n\nwith a body',
      date: '2024-03-01T10:00:00+01:00',
    });
    assert.equal(resolved.date, repo.git('log', '-1', '--format=%cI', commits.c1));
  });

  test('HEAD follows the default branch of the remote', async () => {
    repo.git('symbolic-ref', 'HEAD', 'refs/heads/feature');
    try {
      assert.equal((await source.resolve({ repoURL: repo.dir, targetRevision: 'HEAD' })).sha, commits.c2);
    } finally {
      repo.git('symbolic-ref', 'HEAD', 'refs/heads/main');
    }
  });

  test('a repository that does not exist, or a directory that is not one, is RepositoryNotFound, also when looked up again without a fetch', async () => {
    const notRepo = path.join(tmp, 'plain-dir');
    mkdirSync(notRepo, { recursive: true });
    for (const repoURL of [path.join(tmp, 'no-such-repo'), notRepo, `file://${path.join(tmp, 'no-such-repo-2')}`]) {
      const again = [{ fetch: true }, { fetch: false }] as const;
      for (const options of again) {
        await assert.rejects(source.resolve({ repoURL, targetRevision: 'main' }, options), (error: unknown) => {
          assert.ok(error instanceof SourceError);
          assert.equal(error.code, 'RepositoryNotFound', `${repoURL} fetch=${options.fetch}: ${error.message}`);
          assert.match(
            error.message,
            /^repository .* does not exist or is not a git repository \(git: .*does not appear to be a git repository/,
          );
          assert.ok(!/revision "main" not found/.test(error.message));
          return true;
        });
      }
    }
  });

  test('a server that cannot be reached is SourceUnavailable saying so, not RevisionNotFound', async () => {
    await assert.rejects(source.resolve({ repoURL: 'http://127.0.0.1:9/nothing.git', targetRevision: 'main' }), (error: unknown) => {
      assert.ok(error instanceof SourceError);
      assert.equal(error.code, 'SourceUnavailable');
      assert.match(
        error.message,
        /^cannot reach the repository http:\/\/127\.0\.0\.1:9\/nothing\.git \(git: .*(Failed to connect|Connection refused)/,
      );
      return true;
    });
    await assert.rejects(source.resolve({ repoURL: 'http://127.0.0.1:9/nothing.git', targetRevision: 'main' }, { fetch: false }), {
      code: 'SourceUnavailable',
    });
  });

  test('an unknown revision is RevisionNotFound, naming the revision and the repository', async () => {
    for (const targetRevision of ['no-such-branch', 'main~1', '--upload-pack=x', 'deadbeef']) {
      await assert.rejects(source.resolve({ repoURL: repo.dir, targetRevision }), (error: unknown) => {
        assert.ok(error instanceof SourceError);
        assert.equal(error.code, 'RevisionNotFound');
        assert.equal(error.revision, targetRevision);
        assert.match(error.message, new RegExp(`${JSON.stringify(targetRevision).replace(/[~^+]/g, '\\$&')}.*${repo.dir}`));
        return true;
      });
    }
  });

  test('a full SHA already in the mirror, or fetch: false, resolves without fetching', async () => {
    await source.resolve({ repoURL: repo.dir });
    const before = fetches.length;
    assert.equal((await source.resolve({ repoURL: repo.dir, targetRevision: commits.c2 })).sha, commits.c2);
    assert.equal((await source.resolve({ repoURL: repo.dir, targetRevision: 'feature' }, { fetch: false })).sha, commits.c2);
    assert.equal(fetches.length, before);
    await source.resolve({ repoURL: repo.dir, targetRevision: 'feature' });
    assert.equal(fetches.length, before + 1);
  });

  test('onFetchStarted is called while the fetch runs (before it finishes), and not when nothing is fetched', async () => {
    await source.resolve({ repoURL: repo.dir });
    const before = fetches.length;
    const seen: number[] = [];
    await source.resolve({ repoURL: repo.dir, targetRevision: 'main' }, { onFetchStarted: () => seen.push(fetches.length) });
    assert.deepEqual(seen, [before], 'called once, before the fetch reported its end');
    assert.equal(fetches.length, before + 1);
    await source.resolve({ repoURL: repo.dir, targetRevision: commits.c1 }, { onFetchStarted: () => seen.push(-1) });
    await source.resolve({ repoURL: repo.dir, targetRevision: 'main' }, { fetch: false, onFetchStarted: () => seen.push(-1) });
    assert.deepEqual(seen, [before], 'no fetch, no call');
  });

  test('changedFiles lists the paths changed between two commits', async () => {
    assert.deepEqual(await source.changedFiles({ repoURL: repo.dir }, commits.c1, commits.c3), ['app/cm.yaml']);
    assert.deepEqual(await source.changedFiles({ repoURL: repo.dir }, commits.c3, commits.c2), ['app/cm.yaml', 'app/feature.yaml']);
    assert.deepEqual(await source.changedFiles({ repoURL: repo.dir }, commits.c1, commits.c1), []);
  });

  test('a remote whose HEAD names no branch still serves its branches; HEAD is then not found', async () => {
    const dangling = TestRepo.create(path.join(tmp, 'dangling'));
    const sha = dangling.commit('only', { 'a.yaml': 'a: 1\n' });
    dangling.git('branch', '-m', 'main', 'trunk');
    dangling.git('symbolic-ref', 'HEAD', 'refs/heads/master');
    assert.equal((await source.resolve({ repoURL: dangling.dir, targetRevision: 'trunk' })).sha, sha);
    await assert.rejects(source.resolve({ repoURL: dangling.dir }), { code: 'RevisionNotFound' });
  });
});

describe('Git source: mirrors and fetching', () => {
  let tmp: string;
  before(() => {
    tmp = makeTempDir();
  });
  after(async () => {
    await removeTempDir(tmp);
  });

  test('a new commit is seen on the next resolve, and the second fetch moves only the new objects', async () => {
    const repo = TestRepo.create(path.join(tmp, 'incremental'));
    const files = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`manifests/file-${i}.yaml`, `index: ${i}\n`]));
    const first = repo.commit('many files', files);
    const cacheDir = path.join(tmp, 'cache-incremental');
    const source = createGitSource({ cacheDir });
    try {
      assert.equal((await source.resolve({ repoURL: repo.dir, targetRevision: 'main' })).sha, first);
      const [mirror] = await readdir(path.join(cacheDir, 'repos'));
      const mirrorDir = path.join(cacheDir, 'repos', mirror);
      const objectsBefore = TestRepo.countObjects(mirrorDir);
      assert.ok(objectsBefore >= 42, `first fetch stored ${objectsBefore} objects`);
      const second = repo.commit('one change', { 'manifests/file-7.yaml': 'index: 7\nchanged: true\n' });
      assert.equal((await source.resolve({ repoURL: repo.dir, targetRevision: 'main' })).sha, second);
      // One commit, one root tree, one subtree and one blob: nothing already fetched is sent again.
      assert.equal(TestRepo.countObjects(mirrorDir) - objectsBefore, 4);
    } finally {
      await source.close();
    }
  });

  test('two apps on the same repository (file:// URL and plain path) share one mirror', async () => {
    const repo = TestRepo.create(path.join(tmp, 'shared'));
    const sha = repo.commit('apps', { 'a/x.yaml': 'a: 1\n', 'b/y.yaml': 'b: 1\n' });
    const cacheDir = path.join(tmp, 'cache-shared');
    const appA = createGitSource({ cacheDir });
    const appB = createGitSource({ cacheDir });
    try {
      const a = await appA.resolve({ repoURL: `file://${repo.dir}`, path: 'a' });
      const b = await appB.resolve({ repoURL: `${repo.dir}/`, path: 'b', targetRevision: 'main' });
      assert.equal(a.sha, sha);
      assert.equal(b.sha, sha);
      assert.equal((await readdir(path.join(cacheDir, 'repos'))).length, 1);
      const checkoutA = await appA.checkout({ repoURL: `file://${repo.dir}`, path: 'a' }, sha);
      const checkoutB = await appB.checkout({ repoURL: repo.dir, path: 'b' }, sha);
      assert.equal(checkoutA.dir, checkoutB.dir);
      await checkoutA.release();
      assert.ok(existsSync(checkoutB.dir), 'still held by the other app');
      await checkoutB.release();
      assert.ok(!existsSync(checkoutB.dir));
    } finally {
      await appA.close();
      await appB.close();
    }
  });

  test('concurrent resolves of one repository share a single fetch', async () => {
    const repo = TestRepo.create(path.join(tmp, 'concurrent'));
    const sha = repo.commit('one', { 'x.yaml': 'x: 1\n' });
    repo.git('branch', 'other');
    const fetches: FetchReport[] = [];
    let fetchStarted: () => void = () => {};
    const quiet = () => {};
    const log = {
      info: quiet,
      warn: quiet,
      error: quiet,
      debug: (_: object, message?: string) => message === 'git fetch started' && fetchStarted(),
    };
    const source = createGitSource({ cacheDir: path.join(tmp, 'cache-concurrent'), onFetch: (r) => fetches.push(r), log });
    try {
      const specs: SourceSpec[] = Array.from({ length: 8 }, (_, i) => ({ repoURL: repo.dir, targetRevision: i % 2 ? 'main' : 'other' }));
      const resolved = await Promise.all(specs.map((spec) => source.resolve(spec)));
      assert.deepEqual(
        resolved.map((r) => r.sha),
        specs.map(() => sha),
      );
      assert.equal(fetches.length, 1);
      assert.equal(fetches[0].ok, true);
      assert.equal(fetches[0].repoURL, repo.dir);
      // Resolves made while a fetch is running wait for a fresh fetch, one shared by all of them.
      const running = new Promise<void>((resolve) => {
        fetchStarted = resolve;
      });
      const first = source.resolve({ repoURL: repo.dir });
      await running;
      const newer = repo.commit('pushed while the first fetch ran');
      const later = await Promise.all([
        source.resolve({ repoURL: repo.dir }),
        source.resolve({ repoURL: repo.dir, targetRevision: 'main' }),
      ]);
      await first;
      assert.deepEqual(
        later.map((r) => r.sha),
        [newer, newer],
      );
      assert.equal(fetches.length, 3);
    } finally {
      await source.close();
    }
  });
});

describe('Git source: checkouts', () => {
  let tmp: string;
  let repo: TestRepo;
  let sha: string;
  let source: GitSource;
  let cacheDir: string;
  before(() => {
    tmp = makeTempDir();
    repo = TestRepo.create(path.join(tmp, 'origin'));
    repo.write({
      'deploy/app.yaml': 'kind: Deployment\n',
      'deploy/nested/svc.yaml': 'kind: Service\n',
      'bin/run.sh': '#!/bin/sh\necho hi\n',
      'empty.txt': '',
    });
    chmodSync(path.join(repo.dir, 'bin/run.sh'), 0o755);
    symlinkSync('app.yaml', path.join(repo.dir, 'deploy/link.yaml'));
    sha = repo.commit('with a symlink');
    cacheDir = path.join(tmp, 'cache');
    source = createGitSource({ cacheDir });
  });
  after(async () => {
    await source.close();
    await removeTempDir(tmp);
  });

  test("a checkout holds the commit's files, read-only, under cacheDir/checkouts/<sha>", async () => {
    const checkout = await source.checkout({ repoURL: repo.dir }, sha);
    try {
      assert.equal(checkout.dir, path.join(realpathSync(cacheDir), 'checkouts', sha));
      assert.equal(checkout.revision.sha, sha);
      assert.equal(checkout.revision.message, 'with a symlink');
      assert.equal(await readFile(path.join(checkout.dir, 'deploy/app.yaml'), 'utf8'), 'kind: Deployment\n');
      assert.equal(await readFile(path.join(checkout.dir, 'deploy/nested/svc.yaml'), 'utf8'), 'kind: Service\n');
      assert.equal(await readFile(path.join(checkout.dir, 'empty.txt'), 'utf8'), '');
      assert.equal(await readlink(path.join(checkout.dir, 'deploy/link.yaml')), 'app.yaml');
      assert.ok(!existsSync(path.join(checkout.dir, '.git')));
      const mode = async (p: string) => (await stat(path.join(checkout.dir, p))).mode & 0o777;
      assert.equal(await mode('deploy/app.yaml'), 0o400);
      assert.equal(await mode('bin/run.sh'), 0o500);
      for (const dir of ['.', 'deploy', 'deploy/nested', 'bin']) assert.equal(await mode(dir), 0o500, dir);
      assert.deepEqual((await readdir(checkout.dir)).sort(), ['bin', 'deploy', 'empty.txt']);
    } finally {
      await checkout.release();
    }
  });

  test('checkouts of one commit are shared and removed when the last holder releases', async () => {
    const [a, b] = await Promise.all([
      source.checkout({ repoURL: repo.dir }, sha),
      source.checkout({ repoURL: repo.dir }, sha.slice(0, 10)),
    ]);
    assert.equal(a.dir, b.dir);
    await a.release();
    await a.release(); // a second release of the same handle changes nothing
    assert.ok(existsSync(b.dir));
    await b.release();
    assert.ok(!existsSync(b.dir));
    assert.deepEqual(await readdir(path.join(cacheDir, 'checkouts')), []);
  });

  test('a checkout of a commit the repository does not have is RevisionNotFound', async () => {
    await assert.rejects(source.checkout({ repoURL: repo.dir }, 'f'.repeat(40)), { code: 'RevisionNotFound' });
    await assert.rejects(source.checkout({ repoURL: repo.dir }, 'main'), { code: 'RevisionNotFound' });
  });

  test('gc removes leftover checkouts nobody holds and keeps held ones; close removes the rest', async () => {
    const held = await source.checkout({ repoURL: repo.dir }, sha);
    const leftover = path.join(cacheDir, 'checkouts', 'a'.repeat(40));
    mkdirSync(path.join(leftover, 'sub'), { recursive: true });
    writeFileSync(path.join(leftover, 'sub', 'f'), 'x');
    chmodSync(path.join(leftover, 'sub'), 0o555);
    chmodSync(leftover, 0o555);
    await source.gc();
    assert.ok(!existsSync(leftover));
    assert.ok(existsSync(held.dir));
    assert.ok((await lstat(path.join(held.dir, 'deploy/link.yaml'))).isSymbolicLink());
    const other = createGitSource({ cacheDir: path.join(tmp, 'cache-close') });
    const checkout = await other.checkout({ repoURL: repo.dir }, sha);
    await other.close();
    assert.ok(!existsSync(checkout.dir));
    await assert.rejects(other.resolve({ repoURL: repo.dir }), { code: 'SourceUnavailable' });
    await held.release();
  });
});

describe('Git source: kept checkouts', () => {
  test('with keepCheckouts a released checkout is reused by a later source, and only the most recent ones stay', async () => {
    const tmp = makeTempDir();
    try {
      const repo = TestRepo.create(path.join(tmp, 'origin'));
      const shas: string[] = [];
      for (let i = 0; i < 3; i++) {
        repo.write({ 'a.yaml': `kind: ConfigMap # ${i}\n` });
        shas.push(repo.commit(`c${i}`));
      }
      const cacheDir = path.join(tmp, 'cache');
      const spec: SourceSpec = { repoURL: repo.dir, targetRevision: 'HEAD' };
      const first = createGitSource({ cacheDir, keepCheckouts: 2 });
      await first.resolve(spec);
      const c0 = await first.checkout(spec, shas[0]);
      // A hard link from outside: a rebuilt checkout would hold a new file with a single link.
      const witness = path.join(tmp, 'witness');
      linkSync(path.join(c0.dir, 'a.yaml'), witness);
      await c0.release();
      assert.ok(existsSync(c0.dir), 'kept after the last release');
      await first.close();
      const second = createGitSource({ cacheDir, keepCheckouts: 2 });
      await second.resolve(spec);
      const again = await second.checkout(spec, shas[0]);
      assert.equal((await stat(path.join(again.dir, 'a.yaml'))).nlink, 2, 'the same files, not rebuilt');
      await again.release();
      await new Promise((r) => setTimeout(r, 20));
      for (const sha of [shas[1], shas[2]]) {
        const c = await second.checkout(spec, sha);
        await new Promise((r) => setTimeout(r, 20));
        await c.release();
      }
      const left = (await readdir(path.join(cacheDir, 'checkouts'))).filter((n) => !n.startsWith('.'));
      assert.deepEqual(left.sort(), [shas[1], shas[2]].sort(), 'the least recently used one was removed');
      await second.close();
    } finally {
      await removeTempDir(tmp);
    }
  });
});
