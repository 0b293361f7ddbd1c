import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readListedFile } from '../../fs/confined-fs.js';
import { createDirectoryRenderer } from '../../render/directory/directory-renderer.js';
import { createGitSource, type GitSource } from './index.js';
import { makeTempDir, removeTempDir, TestRepo } from './testing/git-repo.js';

const MiB = 1024 * 1024;
/** Valid YAML (comments) of `bytes` bytes: read as it is, it would parse to nothing. */
const comments = (bytes: number) =>
  `${'# padding padding padding padding padding padding padding padding\n'.repeat(Math.ceil(bytes / 66))}`.slice(0, bytes);

describe('Git source: a file over maxFileBytes is refused by its size, never read', () => {
  let tmp: string;
  let source: GitSource;
  let repo: TestRepo;
  let sha: string;
  before(() => {
    tmp = makeTempDir();
    source = createGitSource({ cacheDir: path.join(tmp, 'cache'), maxFileBytes: MiB });
    repo = TestRepo.create(path.join(tmp, 'origin'));
    sha = repo.commit('big files', {
      'deploy/ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ok }\n',
      'deploy/big.yaml': comments(3 * MiB),
      'elsewhere/huge.bin': comments(3 * MiB),
      'small/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: small }\n',
    });
  });
  after(async () => {
    await source.close();
    await removeTempDir(tmp);
  });

  test('readTree leaves an app holding one to a checkout; other apps of the commit are read in memory', async () => {
    assert.equal(await source.readTree({ repoURL: repo.dir, path: 'deploy' }, sha), undefined);
    const small = await source.readTree({ repoURL: repo.dir, path: 'small' }, sha);
    assert.deepEqual([...(small?.files.keys() ?? [])], ['small/cm.yaml']);
  });

  test('a checkout holds it as a sparse, mode 0000 file of its size, which every reader refuses whatever its limit', async () => {
    const checkout = await source.checkout({ repoURL: repo.dir, path: 'deploy' }, sha);
    try {
      for (const rel of ['deploy/big.yaml', 'elsewhere/huge.bin']) {
        const info = statSync(path.join(checkout.dir, rel));
        assert.equal(info.size, 3 * MiB, rel);
        assert.equal(info.blocks, 0, `${rel}: no byte of the blob was written`);
        assert.equal(info.mode & 0o777, 0, rel);
      }
      const real = path.join(checkout.dir, 'deploy/big.yaml');
      assert.throws(
        () => readListedFile(real, 'deploy/big.yaml', MiB),
        /^RenderError: deploy\/big\.yaml: file is 3145728 bytes, over the 1048576-byte limit$/,
      );
      assert.throws(
        () => readListedFile(real, 'deploy/big.yaml', 8 * MiB),
        (e: Error & { code?: string }) =>
          e.code === 'InputTooLarge' && e.message === 'deploy/big.yaml: file is 3145728 bytes, too large to be read from the repository',
      );
      await assert.rejects(
        createDirectoryRenderer().render({ root: checkout.dir, path: 'deploy' }),
        (e: Error & { code?: string; file?: string }) => e.code === 'InputTooLarge' && e.file === 'deploy/big.yaml',
      );
      assert.equal(statSync(path.join(checkout.dir, 'deploy/ok.yaml')).size > 0, true, 'files within the limit are written as usual');
    } finally {
      await checkout.release();
    }
  });
});
