import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SourceError } from '../../core/errors.js';
import { gitEnvironment } from './git-env.js';
import { createGitSource, parseRepoLocation, resolveAppPath, type GitSource } from './index.js';
import { git, makeTempDir, removeTempDir, TestRepo } from './testing/git-repo.js';

function isCode(code: string) {
  return (error: unknown) => {
    assert.ok(error instanceof SourceError, `expected a SourceError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return true;
  };
}

describe('Git source: hostile input', () => {
  let tmp: string;
  let marker: string;
  let cacheDir: string;
  let source: GitSource;
  before(() => {
    tmp = makeTempDir();
    marker = path.join(tmp, 'MARKER');
    cacheDir = path.join(tmp, 'cache');
    source = createGitSource({ cacheDir, timeoutMs: 10_000 });
  });
  after(async () => {
    await source.close();
    await removeTempDir(tmp);
  });

  test('a repository URL starting with "-" is refused before git runs', async () => {
    for (const repoURL of [`--upload-pack=touch ${marker}`, `-oProxyCommand=touch${marker}`, '-']) {
      await assert.rejects(source.resolve({ repoURL }), isCode('UnsafeRepository'));
    }
    assert.ok(!existsSync(marker));
    assert.deepEqual(await readdir(path.join(cacheDir, 'repos')), []);
  });

  test('ext:: and other transports are refused, and the command never runs', async () => {
    const ext = `ext::sh -c touch% ${marker}`;
    // Control: a git that allows ext:: does run the command.
    spawnSync('git', ['-c', 'protocol.ext.allow=always', 'ls-remote', ext], {
      env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
      stdio: 'ignore',
    });
    assert.ok(existsSync(marker), 'control: ext:: runs commands');
    rmSync(marker);
    for (const repoURL of [
      ext,
      'ext::sh',
      'fd::0',
      'git://127.0.0.1/repo.git',
      'ftp://example.com/r.git',
      `ssh://-oProxyCommand=touch%20${marker}/x`,
      `-oProxyCommand=x:repo`,
    ]) {
      await assert.rejects(source.resolve({ repoURL }), isCode('UnsafeRepository'), repoURL);
      await assert.rejects(source.checkout({ repoURL }, 'a'.repeat(40)), isCode('UnsafeRepository'), repoURL);
    }
    assert.ok(!existsSync(marker));
    // And the environment git runs with forbids ext:: on its own, should a URL ever get past the parser.
    const env = gitEnvironment({ home: path.join(cacheDir, 'home'), transports: ['https', 'http', 'ssh', 'file'] });
    const direct = spawnSync('git', ['ls-remote', ext], { env, encoding: 'utf8' });
    assert.notEqual(direct.status, 0);
    assert.match(direct.stderr, /transport 'ext' not allowed/);
    assert.ok(!existsSync(marker));
  });

  test('an app path that is absolute, climbs out with "..", or follows a symlink outside is UnsafePath', async () => {
    const repo = TestRepo.create(path.join(tmp, 'links'));
    repo.write({ 'deploy/app.yaml': 'kind: ConfigMap\n' });
    symlinkSync('/etc', path.join(repo.dir, 'escape'));
    symlinkSync('../../..', path.join(repo.dir, 'deploy', 'up'));
    symlinkSync('deploy', path.join(repo.dir, 'inside'));
    const sha = repo.commit('links');
    for (const p of ['escape', 'deploy/up', '/etc', '../outside', 'deploy/../../x', 'deploy/..']) {
      await assert.rejects(source.checkout({ repoURL: repo.dir, path: p }, sha), isCode('UnsafePath'), p);
    }
    assert.deepEqual(await readdir(path.join(cacheDir, 'checkouts')), [], 'a refused checkout is released');
    const checkout = await source.checkout({ repoURL: repo.dir, path: 'inside' }, sha);
    try {
      assert.equal(await resolveAppPath(checkout.dir, 'inside'), await realpath(path.join(checkout.dir, 'deploy')));
      assert.equal(await resolveAppPath(checkout.dir, undefined), await realpath(checkout.dir));
      await assert.rejects(resolveAppPath(checkout.dir, 'escape'), isCode('UnsafePath'));
      await assert.rejects(resolveAppPath(checkout.dir, 'missing'), isCode('InvalidApplication'));
      await assert.rejects(resolveAppPath(checkout.dir, 'deploy/app.yaml'), isCode('InvalidApplication'));
    } finally {
      await checkout.release();
    }
  });

  test('hooks, filters and config of the repository or of the machine never run', async () => {
    const repo = TestRepo.create(path.join(tmp, 'hooked'));
    const touch = `touch '${marker}'`;
    repo.write({
      '.gitattributes': '* filter=evil\n.gitattributes -filter\n',
      'app.yaml': 'original: true\n',
      '.gitmodules': '[submodule "sub"]\n\tpath = sub\n\turl = ext::sh -c touch% MARKER\n',
    });
    repo.git('config', 'filter.evil.clean', 'cat');
    repo.git('config', 'filter.evil.smudge', `sh -c "${touch}; sed s/original/SMUDGED/"`);
    repo.git('config', 'filter.evil.required', 'true');
    const sha = repo.commit('hostile');
    // Hooks a checkout, a ref update or a gc in that repository would run; a global config doing the same.
    const hooks = path.join(tmp, 'evil-hooks');
    mkdirSync(hooks);
    for (const hook of [
      'post-checkout',
      'post-merge',
      'reference-transaction',
      'pre-auto-gc',
      'post-update',
      'pre-receive',
      'fsmonitor-watchman',
    ]) {
      for (const dir of [hooks, path.join(repo.dir, '.git', 'hooks')]) {
        writeFileSync(path.join(dir, hook), `#!/bin/sh\n${touch}\n`);
        chmodSync(path.join(dir, hook), 0o755);
      }
    }
    const globalConfig = path.join(tmp, 'evil-gitconfig');
    writeFileSync(globalConfig, `[core]\n\thooksPath = ${hooks}\n[filter "evil"]\n\tsmudge = sh -c \\"${touch}; cat\\"\n\tclean = cat\n`);
    // Control: plain git does run them (the smudge filter on checkout, the global hooks on a ref update).
    rmSync(path.join(repo.dir, 'app.yaml'));
    repo.git('checkout', '--', 'app.yaml');
    assert.equal(readFileSync(path.join(repo.dir, 'app.yaml'), 'utf8'), 'SMUDGED: true\n');
    assert.ok(existsSync(marker), 'control: the smudge filter runs in a plain checkout');
    rmSync(marker);
    const scratch = path.join(tmp, 'scratch.git');
    git(tmp, ['init', '--bare', '--quiet', scratch]);
    execFileSync('git', ['--git-dir', scratch, 'fetch', '--quiet', repo.dir, 'main:refs/heads/main'], {
      env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: globalConfig },
    });
    assert.ok(existsSync(marker), 'control: a global hooksPath runs on fetch');
    rmSync(marker);

    // The Tideway process itself runs with hostile git variables: none may reach the git it starts.
    const hostile: Record<string, string> = {
      GIT_CONFIG_GLOBAL: globalConfig,
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'core.hooksPath',
      GIT_CONFIG_VALUE_0: hooks,
      GIT_DIR: repo.dir,
      GIT_SSH_COMMAND: touch,
    };
    const saved = Object.fromEntries(Object.keys(hostile).map((k) => [k, process.env[k]]));
    Object.assign(process.env, hostile);
    const hostileHome = createGitSource({ cacheDir: path.join(tmp, 'cache-hooked') });
    try {
      const revision = await hostileHome.resolve({ repoURL: repo.dir, targetRevision: 'main' });
      assert.equal(revision.sha, sha);
      const checkout = await hostileHome.checkout({ repoURL: `file://${repo.dir}` }, sha);
      assert.equal(await readFile(path.join(checkout.dir, 'app.yaml'), 'utf8'), 'original: true\n');
      assert.equal(await readFile(path.join(checkout.dir, '.gitattributes'), 'utf8'), '* filter=evil\n.gitattributes -filter\n');
      assert.ok(!existsSync(path.join(checkout.dir, 'sub')));
      await checkout.release();
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await hostileHome.close();
    }
    assert.ok(!existsSync(marker), 'no hook, filter or command from the repository or the machine ran');
  });

  test('a submodule is not fetched: its gitlink becomes an empty directory', async () => {
    const inner = TestRepo.create(path.join(tmp, 'inner'));
    const innerSha = inner.commit('inner', { 'secret.yaml': 'inner: true\n' });
    const outer = TestRepo.create(path.join(tmp, 'outer'));
    outer.write({ 'app.yaml': 'a: 1\n', '.gitmodules': `[submodule "vendor"]\n\tpath = vendor\n\turl = ${inner.dir}\n` });
    outer.git('add', '-A');
    outer.git('update-index', '--add', '--cacheinfo', `160000,${innerSha},vendor`);
    outer.git('commit', '--quiet', '-m', 'with a submodule');
    const sha = outer.git('rev-parse', 'HEAD');
    assert.match(outer.git('ls-tree', sha, 'vendor'), /^160000 commit/);
    const checkout = await source.checkout({ repoURL: outer.dir }, sha);
    try {
      assert.ok((await stat(path.join(checkout.dir, 'vendor'))).isDirectory());
      assert.deepEqual(await readdir(path.join(checkout.dir, 'vendor')), []);
      const mirror = path.join(cacheDir, 'repos', parseRepoLocation(outer.dir).key);
      assert.equal(git(tmp, ['--git-dir', mirror, 'cat-file', '-t', sha]), 'commit');
      const has = spawnSync('git', ['--git-dir', mirror, 'cat-file', '-e', innerSha], {
        env: { PATH: process.env.PATH, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
      });
      assert.notEqual(has.status, 0, 'the submodule commit was never fetched');
    } finally {
      await checkout.release();
    }
  });

  test('a tree with ".git", ".." or clashing entries is refused at checkout', async () => {
    const repo = TestRepo.create(path.join(tmp, 'crafted'));
    repo.commit('base', { 'ok.yaml': 'ok: 1\n' });
    const withInput = (args: string[], input: string) =>
      execFileSync('git', args, {
        cwd: repo.dir,
        input,
        env: { PATH: process.env.PATH, GIT_CONFIG_GLOBAL: '/dev/null' },
        encoding: 'utf8',
      }).trim();
    const blob = withInput(['hash-object', '-w', '--stdin'], 'ok: 1\n');
    const mktree = (lines: string) => withInput(['mktree'], lines);
    const sub = mktree(`100644 blob ${blob}\tA\n`);
    const trees: Record<string, [tree: string, reason: RegExp]> = {
      'dot-git': [mktree(`100644 blob ${blob}\t.git\n`), /path "\.git": it has a "\.git" component/],
      'dot-dot': [mktree(`100644 blob ${blob}\t..\n`), /path "\.\.": it has an empty, "\." or "\.\." component/],
      'nested-dot-git': [
        mktree(`040000 tree ${mktree(`100644 blob ${blob}\tconfig\n`)}\t.GIT\n`),
        /path "\.GIT\/config": it has a "\.git" component/,
      ],
      'tree-and-blob': [mktree(`040000 tree ${sub}\tsub\n100644 blob ${blob}\tsub\n`), /"sub" clashes with another entry/],
      'symlink-and-tree': [
        mktree(`120000 blob ${withInput(['hash-object', '-w', '--stdin'], '/tmp')}\tsub\n040000 tree ${sub}\tsub\n`),
        /"sub" clashes with another entry/,
      ],
      twice: [mktree(`100644 blob ${blob}\ta\n100644 blob ${blob}\ta\n`), /"a" clashes with another entry/],
    };
    for (const [name, [tree, reason]] of Object.entries(trees)) {
      const sha = repo.git('commit-tree', tree, '-m', name);
      repo.git('update-ref', `refs/heads/${name}`, sha);
      const revision = await source.resolve({ repoURL: repo.dir, targetRevision: name });
      assert.equal(revision.sha, sha);
      await assert.rejects(
        source.checkout({ repoURL: repo.dir }, revision.sha),
        (error: unknown) => isCode('UnsafeRepository')(error) && reason.test((error as Error).message),
        name,
      );
    }
    assert.deepEqual(await readdir(path.join(cacheDir, 'checkouts')), []);
    assert.ok(!existsSync('/tmp/A'));
  });
});
