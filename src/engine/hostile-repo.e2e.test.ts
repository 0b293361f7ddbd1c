/**
 * A repository (or an Application) written by someone hostile must never reach the cluster: each case
 * first syncs a harmless revision, then commits the hostile one together with an edit (ConfigMap a: 1 -> 2)
 * and a removal (ConfigMap b). The sync must be refused with an error naming the file or field, and the
 * live state must be exactly what the harmless revision left: a still 1, b still there, no new object.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ResolvedApplication } from '../core/application/application.js';
import { resolveApplication } from '../core/application/resolve-application.js';
import { RenderError, SourceError, type TidewayError, ValidationError } from '../core/errors.js';
import { MAX_FILE_BYTES } from '../fs/confined-fs.js';
import { closedPort, startGitHttpServer } from '../source/git/testing/git-http-server.js';
import { createTestRepo, type TestRepo } from '../../test/support/git-repo.js';
import { createEngineFixture, deleteNamespace, getObject, testApp, uniqueName } from '../../test/support/engine-fixture.js';
import { syncApplication } from './sync/sync-app.js';

const cm = (name: string, value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  value: "${value}"\n`;
/** A harmless next revision, committed with every hostile one: if anything were applied or pruned, it would show. */
const harmlessChange = { 'manifests/a.yaml': cm('a', '2'), 'manifests/b.yaml': null };

const aliasBomb = `apiVersion: v1
kind: ConfigMap
metadata: { name: bomb }
data:
  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
  g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
  h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
  i: [*h, *h, *h, *h, *h, *h, *h, *h, *h]
`;

function rejectsWith(type: new (...args: never[]) => TidewayError, code: string, message: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof type, `expected a ${type.name}, got ${String(error)}`);
    assert.equal((error as TidewayError).code, code, (error as Error).message);
    assert.match((error as Error).message, message);
    return true;
  };
}

describe('a hostile repository is refused and leaves the cluster as it was', () => {
  const fx = createEngineFixture();
  const outside = mkdtempSync(path.join(os.tmpdir(), 'tideway-outside-'));
  const marker = path.join(outside, 'MARKER');
  const namespaces: string[] = [];
  const repos: TestRepo[] = [];
  writeFileSync(path.join(outside, 'evil.yaml'), cm('evil', 'from outside the checkout'));
  mkdirSync(path.join(outside, 'dir'));
  writeFileSync(path.join(outside, 'dir', 'evil.yaml'), cm('evil', 'from outside the checkout'));

  after(async () => {
    for (const ns of namespaces) await deleteNamespace(fx.target, ns);
    for (const r of repos) r.remove();
    rmSync(outside, { recursive: true, force: true });
    fx.close();
  });

  /** A namespace and an app synced from a harmless revision: ConfigMaps a (value 1) and b. */
  async function synced(options: { repo?: TestRepo; repoURL?: string; recurse?: boolean } = {}) {
    const ns = uniqueName('hostile');
    namespaces.push(ns);
    const repo = options.repo ?? createTestRepo({ 'manifests/a.yaml': cm('a', '1'), 'manifests/b.yaml': cm('b', '1') });
    if (!options.repo) repos.push(repo);
    const base = testApp(uniqueName('hostile'), options.repoURL ?? repo.dir, ns);
    const app: ResolvedApplication = { ...base, source: { ...base.source, directory: { recurse: !!options.recurse } } };
    const first = await syncApplication(fx, app);
    assert.equal(first.phase, 'Succeeded', first.message);
    const inventory = await fx.target.readInventory({ name: app.name, inventoryNamespace: ns });
    return { ns, repo, app, inventory };
  }

  /** The live state is what the harmless revision left, and the inventory did not move. */
  async function assertUntouched(s: Awaited<ReturnType<typeof synced>>) {
    const a = await getObject(fx.target, `/api/v1/namespaces/${s.ns}/configmaps/a`);
    assert.equal((a?.data as Record<string, string> | undefined)?.value, '1', 'a was not changed');
    assert.ok(await getObject(fx.target, `/api/v1/namespaces/${s.ns}/configmaps/b`), 'b was not pruned');
    for (const name of ['evil', 'bomb', 'big'])
      assert.equal(await getObject(fx.target, `/api/v1/namespaces/${s.ns}/configmaps/${name}`), undefined, `${name} was not applied`);
    assert.deepEqual(
      await fx.target.readInventory({ name: s.app.name, inventoryNamespace: s.ns }),
      s.inventory,
      'the inventory is unchanged',
    );
  }

  const symlinks: Array<[name: string, target: () => string, link: string, recurse: boolean, message: RegExp]> = [
    [
      'a manifest symlinked to an absolute path outside the checkout',
      () => path.join(outside, 'evil.yaml'),
      'manifests/evil.yaml',
      false,
      /^manifests\/evil\.yaml: symlink points outside the repository root$/,
    ],
    [
      'a manifest symlinked up and out of the checkout with ".."',
      () => '../'.repeat(24) + outside.slice(1) + '/evil.yaml',
      'manifests/evil.yaml',
      false,
      /^manifests\/evil\.yaml: symlink points outside the repository root$/,
    ],
    [
      'a directory symlinked outside the checkout, with recurse',
      () => path.join(outside, 'dir'),
      'manifests/sub',
      true,
      /^manifests\/sub: symlink points outside the repository root$/,
    ],
  ];
  for (const [name, target, link, recurse, message] of symlinks) {
    test(`${name} is refused (UnsafePath)`, async () => {
      const s = await synced({ recurse });
      s.repo.commit(harmlessChange);
      s.repo.symlink(target(), link);
      await assert.rejects(syncApplication(fx, s.app), rejectsWith(RenderError, 'UnsafePath', message));
      await assertUntouched(s);
    });
  }

  const badPaths: Array<[path: string, message: string]> = [
    ['../x', 'spec.source.path: "../x" must not contain ".." (it must stay inside the repository)'],
    ['manifests/../../x', 'spec.source.path: "manifests/../../x" must not contain ".." (it must stay inside the repository)'],
    ['/etc', 'spec.source.path: "/etc" must be relative to the repository root, not absolute'],
  ];
  for (const [badPath, message] of badPaths) {
    test(`path ${JSON.stringify(badPath)} is rejected by Application validation, and by the Git source should it get past`, async () => {
      const s = await synced();
      const manifest = {
        apiVersion: 'tideway.dev/v1alpha1',
        kind: 'Application',
        metadata: { name: s.app.name },
        spec: { source: { repoURL: s.repo.dir, path: badPath }, destination: { namespace: s.ns } },
      };
      assert.throws(
        () => resolveApplication(manifest),
        (e: unknown) => e instanceof ValidationError && e.field === 'spec.source.path' && e.message === message,
      );
      s.repo.commit(harmlessChange);
      const forced = { ...s.app, source: { ...s.app.source, path: badPath } };
      await assert.rejects(
        syncApplication(fx, forced),
        rejectsWith(SourceError, 'UnsafePath', new RegExp(badPath.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))),
      );
      await assertUntouched(s);
    });
  }

  test('a YAML alias bomb is refused quickly, naming the file', async () => {
    const s = await synced();
    s.repo.commit({ ...harmlessChange, 'manifests/bomb.yaml': aliasBomb });
    const started = Date.now();
    await assert.rejects(
      syncApplication(fx, s.app),
      rejectsWith(RenderError, 'InputTooLarge', /^manifests\/bomb\.yaml:1: YAML aliases expand this document beyond/),
    );
    assert.ok(Date.now() - started < 5_000, `refused in ${Date.now() - started} ms`);
    await assertUntouched(s);
  });

  test('a manifest over the size limit is refused, naming the file and the limit', async () => {
    const s = await synced();
    const big = `${cm('big', 'x')}# ${'x'.repeat(MAX_FILE_BYTES)}\n`;
    s.repo.commit({ ...harmlessChange, 'manifests/big.yaml': big });
    const size = Buffer.byteLength(big);
    await assert.rejects(
      syncApplication(fx, s.app),
      rejectsWith(
        RenderError,
        'InputTooLarge',
        new RegExp(`^manifests/big\\.yaml: file is ${size} bytes, over the ${MAX_FILE_BYTES}-byte limit$`),
      ),
    );
    await assertUntouched(s);
  });

  const urls: Array<[name: string, url: () => string, message: RegExp]> = [
    ['a repoURL starting with "-"', () => `--upload-pack=touch ${marker}`, /must not start with "-" \(git would read it as an option\)/],
    ['an ext:: repoURL', () => `ext::sh -c touch% ${marker}`, /"ext::" remote helpers are not allowed/],
  ];
  for (const [name, url, message] of urls) {
    test(`${name} is rejected by validation and by the Git source, and its command never runs`, async () => {
      const s = await synced();
      const manifest = {
        apiVersion: 'tideway.dev/v1alpha1',
        kind: 'Application',
        metadata: { name: s.app.name },
        spec: { source: { repoURL: url() }, destination: { namespace: s.ns } },
      };
      assert.throws(
        () => resolveApplication(manifest),
        (e: unknown) => e instanceof ValidationError && e.field === 'spec.source.repoURL' && message.test(e.message),
      );
      const forced = { ...s.app, source: { ...s.app.source, repoURL: url() } };
      await assert.rejects(syncApplication(fx, forced), rejectsWith(SourceError, 'UnsafeRepository', /^repository URL ".+" refused: /));
      assert.ok(!existsSync(marker), 'the command in the URL did not run');
      await assertUntouched(s);
    });
  }

  test('hooks and filters of the repository never run; files are checked out as committed', async () => {
    const repo = createTestRepo({ 'manifests/a.yaml': cm('a', '1'), 'manifests/b.yaml': cm('b', '1') });
    repos.push(repo);
    const s = await synced({ repo });
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: repo.dir,
        env: {
          PATH: process.env.PATH,
          HOME: outside,
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_AUTHOR_NAME: 'M',
          GIT_AUTHOR_EMAIL: 'm@example.com',
          GIT_COMMITTER_NAME: 'M',
          GIT_COMMITTER_EMAIL: 'm@example.com',
        },
        encoding: 'utf8',
      });
    // A smudge filter that would rewrite a's value and write the marker, and hooks that would write it too.
    git('config', 'filter.evil.clean', 'cat');
    git('config', 'filter.evil.smudge', `sh -c "touch '${marker}'; sed s/1/SMUDGED/"`);
    git('config', 'filter.evil.required', 'true');
    repo.commit({ '.gitattributes': '*.yaml filter=evil\n', 'manifests/a.yaml': cm('a', '1') + '# touched\n' }, 'hostile attributes');
    for (const hook of [
      'post-checkout',
      'post-merge',
      'reference-transaction',
      'pre-auto-gc',
      'post-update',
      'pre-receive',
      'upload-pack',
    ]) {
      writeFileSync(path.join(repo.dir, '.git', 'hooks', hook), `#!/bin/sh\ntouch '${marker}'\n`);
      chmodSync(path.join(repo.dir, '.git', 'hooks', hook), 0o755);
    }
    // Control: a plain checkout in that repository does run the filter.
    rmSync(path.join(repo.dir, 'manifests', 'a.yaml'));
    git('checkout', '--', 'manifests/a.yaml');
    assert.match(readFileSync(path.join(repo.dir, 'manifests', 'a.yaml'), 'utf8'), /SMUDGED/);
    assert.ok(existsSync(marker), 'control: the filter runs in a plain checkout');
    rmSync(marker);

    const res = await syncApplication(fx, s.app);
    assert.equal(res.phase, 'Succeeded', res.message);
    assert.ok(!existsSync(marker), 'no hook or filter ran');
    const a = await getObject(fx.target, `/api/v1/namespaces/${s.ns}/configmaps/a`);
    assert.equal((a?.data as Record<string, string>).value, '1', 'the blob as committed, not smudged');
  });

  test('an unreachable Git server fails the sync (SourceUnavailable) and prunes nothing', async () => {
    const work = createTestRepo({ 'manifests/a.yaml': cm('a', '1'), 'manifests/b.yaml': cm('b', '1') });
    repos.push(work);
    const served = mkdtempSync(path.join(os.tmpdir(), 'tideway-served-'));
    execFileSync('git', ['clone', '--quiet', '--bare', work.dir, path.join(served, 'repo.git')]);
    const server = await startGitHttpServer({ projectRoot: served });
    let s!: Awaited<ReturnType<typeof synced>>;
    try {
      s = await synced({ repo: work, repoURL: `${server.url}repo.git` });
    } finally {
      await server.close();
      rmSync(served, { recursive: true, force: true });
    }
    // The server is gone: its port is closed now. A second app of the same name points at another closed port.
    await assert.rejects(
      syncApplication(fx, s.app),
      rejectsWith(SourceError, 'SourceUnavailable', new RegExp(s.app.source.repoURL.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))),
    );
    await assertUntouched(s);
    const elsewhere = { ...s.app, source: { ...s.app.source, repoURL: `http://127.0.0.1:${await closedPort()}/x.git` } };
    await assert.rejects(syncApplication(fx, elsewhere), rejectsWith(SourceError, 'SourceUnavailable', /127\.0\.0\.1:\d+\/x\.git/));
    await assertUntouched(s);
  });
});
