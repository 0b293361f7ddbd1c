/**
 * The measured attack: a repoURL naming the agent's own bare mirror of another team's repository
 * (`<cacheDir>/repos/<hash of its URL>`, computable by anyone) read that team's files. The git
 * source refuses any local repository inside its cache, or inside the directories it is told to
 * refuse, however the path is written (plain, file://, `..`, a symlink). Real git repositories.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SourceError } from '../../core/errors.js';
import { createGitSource, type GitSource } from './index.js';
import { makeTempDir, removeTempDir, TestRepo } from './testing/git-repo.js';

const refused = (error: unknown) => {
  assert.ok(error instanceof SourceError, String(error));
  assert.equal(error.code, 'UnsafeRepository');
  assert.match(error.message, /inside the agent's own data directory/);
  return true;
};

describe("the agent's data directory is never a source", () => {
  let tmp: string;
  let dataDir: string;
  let source: GitSource;
  let mirror: string;
  let teamB: TestRepo;

  before(async () => {
    tmp = makeTempDir();
    dataDir = path.join(tmp, 'data');
    teamB = TestRepo.create(path.join(tmp, 'team-b'));
    teamB.write({ 'secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: { name: db }\n' }).commit('team b');
    source = createGitSource({ cacheDir: path.join(dataDir, 'git'), refusedDirs: [dataDir], timeoutMs: 10_000 });
    await source.resolve({ repoURL: teamB.dir, targetRevision: 'HEAD' });
    const repos = path.join(dataDir, 'git', 'repos');
    mirror = path.join(repos, readdirSync(repos)[0]);
  });
  after(async () => {
    await source.close();
    await removeTempDir(tmp);
  });

  test("another team's bare mirror, named as a local path, is refused before git runs", async () => {
    await assert.rejects(source.resolve({ repoURL: mirror, targetRevision: 'HEAD' }), refused);
  });

  test('the same mirror as file://, through "..", or through a symlink is refused', async () => {
    const link = path.join(tmp, 'innocent');
    symlinkSync(mirror, link);
    for (const repoURL of [`file://${mirror}`, path.join(tmp, 'team-b', '..', 'data', 'git', 'repos', path.basename(mirror)), link]) {
      await assert.rejects(source.resolve({ repoURL, targetRevision: 'HEAD' }), refused, repoURL);
    }
  });

  test('a repository elsewhere in the data directory (refusedDirs) is refused; one outside it is read', async () => {
    const planted = TestRepo.create(path.join(dataDir, 'host', 'planted'));
    planted.write({ 'a.yaml': 'x: 1\n' }).commit('planted');
    await assert.rejects(source.resolve({ repoURL: planted.dir, targetRevision: 'HEAD' }), refused);
    mkdirSync(path.join(tmp, 'data-other'));
    const sibling = TestRepo.create(path.join(tmp, 'data-other', 'repo'));
    sibling.write({ 'a.yaml': 'x: 1\n' }).commit('sibling');
    const revision = await source.resolve({ repoURL: sibling.dir, targetRevision: 'HEAD' });
    assert.match(revision.sha, /^[0-9a-f]{40}$/);
  });
});
