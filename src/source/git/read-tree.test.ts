import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SourceError } from '../../core/errors.js';
import type { SourceSpec } from '../source.js';
import { createGitSource, type GitSource } from './index.js';
import { makeTempDir, removeTempDir, TEST_GIT_ENV, TestRepo } from './testing/git-repo.js';

/** What a call gave: its error's class, code and message, or that it succeeded. */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'succeeded';
  } catch (error) {
    assert.ok(error instanceof SourceError, `a SourceError, got ${String(error)}`);
    return `${error.code}: ${error.message}`;
  }
}

describe('Git source: readTree', () => {
  let tmp: string;
  let cacheDir: string;
  let source: GitSource;
  let repo: TestRepo;
  let sha: string;
  before(() => {
    tmp = makeTempDir();
    cacheDir = path.join(tmp, 'cache');
    source = createGitSource({ cacheDir });
    repo = TestRepo.create(path.join(tmp, 'origin'));
    repo.write({
      'deploy/app.yaml': 'kind: Deployment\n',
      'deploy/nested/svc.yaml': 'kind: Service\n',
      'deploy/run.sh': '#!/bin/sh\n',
      'deploy/empty.txt': '',
      'other/x.yaml': 'kind: Other\n',
      'top.yaml': 'kind: Top\n',
      'linked/real.yaml': 'kind: Linked\n',
      'with-module/a.yaml': 'a: 1\n',
    });
    chmodSync(path.join(repo.dir, 'deploy/run.sh'), 0o755);
    symlinkSync('real.yaml', path.join(repo.dir, 'linked/link.yaml'));
    symlinkSync('deploy', path.join(repo.dir, 'via-link'));
    repo.git('add', '-A');
    repo.git('update-index', '--add', '--cacheinfo', `160000,${'a'.repeat(40)},with-module/vendor`);
    repo.git('commit', '--quiet', '-m', 'tree');
    sha = repo.git('rev-parse', 'HEAD');
    assert.match(repo.git('ls-tree', sha, 'with-module/vendor'), /^160000 commit/);
  });
  after(async () => {
    await source.close();
    await removeTempDir(tmp);
  });

  const spec = (p?: string): SourceSpec => ({ repoURL: repo.dir, path: p });
  /** Runs `use` with a source of its own (other options, its own cache), closed afterwards. */
  let sources = 0;
  const withSource = async (options: Omit<Parameters<typeof createGitSource>[0], 'cacheDir'>, use: (other: GitSource) => Promise<void>) => {
    const other = createGitSource({ cacheDir: path.join(tmp, `cache-${++sources}`), ...options });
    try {
      await use(other);
    } finally {
      await other.close();
    }
  };

  test('a source made with inMemoryTrees: false reads no tree, so its callers check out', async () => {
    await withSource({ inMemoryTrees: false }, async (checkoutsOnly) => {
      assert.equal(await checkoutsOnly.readTree(spec('deploy'), sha), undefined);
      const checkout = await checkoutsOnly.checkout(spec('deploy'), sha);
      assert.ok(existsSync(path.join(checkout.dir, 'deploy')));
      await checkout.release();
    });
  });

  test('a tree holds the files under the path with their bytes as stored, and its directories, and writes no checkout', async () => {
    const tree = await source.readTree(spec('deploy'), sha);
    assert.ok(tree);
    assert.equal(tree.path, 'deploy');
    assert.equal(tree.revision.sha, sha);
    assert.equal(tree.revision.message, 'tree');
    assert.deepEqual(Object.fromEntries([...tree.files].map(([p, bytes]) => [p, Buffer.from(bytes).toString('utf8')])), {
      'deploy/app.yaml': 'kind: Deployment\n',
      'deploy/empty.txt': '',
      'deploy/nested/svc.yaml': 'kind: Service\n',
      'deploy/run.sh': '#!/bin/sh\n',
    });
    assert.deepEqual([...tree.directories].sort(), ['deploy', 'deploy/nested']);
    assert.deepEqual(await readdir(path.join(cacheDir, 'checkouts')), []);
  });

  test("each file's id is git's blob id of its bytes, a key for its content", async () => {
    const tree = await source.readTree(spec('deploy'), sha);
    assert.ok(tree?.ids);
    assert.deepEqual([...tree.ids.keys()].sort(), [...tree.files.keys()].sort());
    for (const [file, id] of tree.ids) assert.equal(id, repo.git('rev-parse', `${sha}:${file}`), file);
    assert.equal(tree.ids.get('deploy/empty.txt'), 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391', 'the empty blob');
  });

  test('reading the tree of a commit just resolved runs git only for the listing and the files, not to find the commit again', async () => {
    const log = path.join(tmp, 'git-calls.log');
    const wrapper = path.join(tmp, 'git-logging.sh');
    writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> '${log}'\nexec git "$@"\n`, { mode: 0o755 });
    await withSource({ gitBinary: wrapper }, async (logged) => {
      const revision = await logged.resolve(spec('deploy'));
      writeFileSync(log, '');
      assert.ok(await logged.readTree(spec('deploy'), revision.sha));
      const calls = readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(' ').find((w) => ['ls-tree', 'cat-file'].includes(w)));
      assert.deepEqual(calls, ['ls-tree', 'cat-file']);
    });
  });

  test('an app over the in-memory limit is left to a checkout, which serves it', async () => {
    await withSource({ maxInMemoryTreeBytes: 20 }, async (capped) => {
      assert.equal(await capped.readTree(spec('deploy'), sha), undefined, 'deploy holds 41 bytes');
      assert.ok(await capped.readTree(spec('other'), sha), 'other holds 12 bytes');
      const checkout = await capped.checkout(spec('deploy'), sha);
      assert.ok(existsSync(path.join(checkout.dir, 'deploy/nested/svc.yaml')));
      await checkout.release();
    });
  });

  test('a path is taken as checkout() takes it: ".", none, doubled and trailing slashes, a short SHA', async () => {
    const plain = TestRepo.create(path.join(tmp, 'plain'));
    const plainSha = plain.commit('plain', { 'a.yaml': 'a: 1\n', 'sub/b.yaml': 'b: 1\n' });
    for (const p of [undefined, '', '.', './']) {
      const root = await source.readTree({ repoURL: plain.dir, path: p }, plainSha);
      assert.equal(root?.path, '', JSON.stringify(p));
      assert.deepEqual([...(root?.files.keys() ?? [])], ['a.yaml', 'sub/b.yaml']);
      assert.deepEqual([...(root?.directories ?? [])].sort(), ['', 'sub']);
    }
    assert.equal(await source.readTree(spec('.'), sha), undefined, 'this repository holds symlinks and a submodule');
    const tree = await source.readTree(spec('./deploy//nested/'), sha.slice(0, 12));
    assert.equal(tree?.path, 'deploy/nested');
    assert.deepEqual([...(tree?.files.keys() ?? [])], ['deploy/nested/svc.yaml']);
    assert.equal(tree?.revision.sha, sha);
  });

  test('a symlink or a submodule under the path, or a path through a symlink, is left to a checkout', async () => {
    for (const p of ['linked', 'with-module', 'with-module/vendor', 'via-link', 'via-link/nested']) {
      assert.equal(await source.readTree(spec(p), sha), undefined, p);
      const checkout = await source.checkout(spec(p), sha);
      await checkout.release();
    }
    assert.ok(await source.readTree(spec('other'), sha), 'symlinks and submodules elsewhere in the commit do not matter');
  });

  test('a missing path, a file, an absolute path or ".." fail as checkout() fails', async () => {
    const cases = {
      nope: 'InvalidApplication: path "nope" does not exist in the repository',
      'deploy/app.yaml/x': 'InvalidApplication: path "deploy/app.yaml/x" does not exist in the repository',
      'with-module/vendor/x': 'InvalidApplication: path "with-module/vendor/x" does not exist in the repository',
      'deploy/app.yaml': 'InvalidApplication: path "deploy/app.yaml" is not a directory',
      '/etc': 'UnsafePath: path "/etc" is absolute; it must be relative to the repository root',
      'deploy/../other': 'UnsafePath: path "deploy/../other" contains ".."; it must stay inside the repository',
    };
    for (const [p, expected] of Object.entries(cases)) {
      assert.equal(await failure(source.readTree(spec(p), sha)), expected, p);
      assert.equal(await failure(source.checkout(spec(p), sha)), expected, p);
    }
    assert.match(await failure(source.readTree(spec('deploy'), 'f'.repeat(40))), /^RevisionNotFound: commit f{40} not found/);
  });

  describe('crafted commits', () => {
    const withInput = (args: string[], input: string) =>
      execFileSync('git', args, { cwd: repo.dir, input, env: TEST_GIT_ENV, encoding: 'utf8' }).trim();
    const blob = (content: string) => withInput(['hash-object', '-w', '--stdin'], content);
    const mktree = (lines: string) => withInput(['mktree'], lines);
    const commitOf = async (tree: string, name: string) => {
      const crafted = repo.git('commit-tree', tree, '-m', name);
      repo.git('update-ref', `refs/heads/${name}`, crafted);
      return (await source.resolve({ repoURL: repo.dir, targetRevision: name })).sha;
    };

    test('a commit with ".git" or ".." entries, or over maxCheckoutBytes, is refused with the error checkout() gives', async () => {
      const ok = blob('ok: 1\n');
      const app = mktree(`100644 blob ${ok}\tok.yaml\n`);
      const trees = {
        'dot-git-elsewhere': [
          mktree(`040000 tree ${app}\tapp\n100644 blob ${ok}\t.git\n`),
          /^UnsafeRepository: .*cannot be checked out: path "\.git": it has a "\.git" component$/,
        ],
        'dot-dot-elsewhere': [
          mktree(`040000 tree ${app}\tapp\n040000 tree ${mktree(`100644 blob ${ok}\t..\n`)}\tother\n`),
          /^UnsafeRepository: .*path "other\/\.\.": it has an empty, "\." or "\.\." component$/,
        ],
        'nested-dot-git': [
          mktree(`040000 tree ${mktree(`100644 blob ${ok}\tok.yaml\n040000 tree ${app}\t.Git\n`)}\tapp\n`),
          /^UnsafeRepository: .*path "app\/\.Git\/ok\.yaml": it has a "\.git" component$/,
        ],
      } as const;
      for (const [name, [tree, reason]] of Object.entries(trees)) {
        const crafted = await commitOf(tree, name);
        const fromTree = await failure(source.readTree(spec('app'), crafted));
        assert.match(fromTree, reason, name);
        assert.equal(fromTree, await failure(source.checkout(spec('app'), crafted)), name);
      }
      const small = createGitSource({ cacheDir: path.join(tmp, 'cache-small'), maxCheckoutBytes: 20 });
      try {
        const big = await commitOf(mktree(`040000 tree ${app}\tapp\n100644 blob ${blob('x'.repeat(100))}\tbig.txt\n`), 'big-elsewhere');
        const fromTree = await failure(small.readTree(spec('app'), big));
        assert.match(fromTree, /^InputTooLarge: commit [0-9a-f]{40} of .* holds 106 bytes, over the 20-byte checkout limit$/);
        assert.equal(fromTree, await failure(small.checkout(spec('app'), big)));
      } finally {
        await small.close();
      }
      assert.ok(!existsSync('/tmp/A'));
    });

    test('clashing entries or a symlink with an invalid target anywhere leave the commit to checkout(), which refuses it', async () => {
      const ok = blob('ok: 1\n');
      const app = mktree(`100644 blob ${ok}\tok.yaml\n`);
      const trees = {
        'clash-twice': [mktree(`040000 tree ${app}\tapp\n100644 blob ${ok}\ta\n100644 blob ${ok}\ta\n`), /"a" clashes with another entry/],
        'clash-file-and-dir': [
          mktree(`040000 tree ${app}\tapp\n040000 tree ${app}\tsub\n100644 blob ${ok}\tsub\n`),
          /"sub" clashes with another entry/,
        ],
        'empty-link': [mktree(`040000 tree ${app}\tapp\n120000 blob ${blob('')}\tlink\n`), /symlink "link" has an invalid target/],
        'nul-link': [mktree(`040000 tree ${app}\tapp\n120000 blob ${blob('a\0b')}\tlink\n`), /symlink "link" has an invalid target/],
      } as const;
      for (const [name, [tree, reason]] of Object.entries(trees)) {
        const crafted = await commitOf(tree, name);
        assert.equal(await source.readTree(spec('app'), crafted), undefined, name);
        assert.match(await failure(source.checkout(spec('app'), crafted)), reason, name);
      }
      const goodLink = await commitOf(mktree(`040000 tree ${app}\tapp\n120000 blob ${blob('app/ok.yaml')}\tlink\n`), 'good-link');
      assert.deepEqual([...((await source.readTree(spec('app'), goodLink))?.files.keys() ?? [])], ['app/ok.yaml']);
    });
  });
});
