import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RenderError } from '../../core/errors.js';
import { readFileInside } from '../../fs/confined-fs.js';
import { resolveFileSources } from './file-sources.js';
import { file } from './host-test-support.js';
import { validateHostObject } from './validate.js';

async function withRepo(run: (repo: string) => Promise<void>): Promise<void> {
  const repo = await mkdtemp(path.join(os.tmpdir(), 'tideway-src-'));
  try {
    await run(repo);
  } finally {
    await rm(repo, { recursive: true, force: true });
  }
}

test('spec.source is replaced by the repository file as spec.content, and the File then validates', async () => {
  await withRepo(async (repo) => {
    await mkdir(path.join(repo, 'files'));
    await writeFile(path.join(repo, 'files', 'nginx.conf'), 'worker_processes 1;\n');
    const inline = file('inline', { path: 'a', content: 'x' });
    const other = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    const fromRepo = file('nginx', { path: 'etc/nginx.conf', source: 'files/nginx.conf', mode: '0644' });
    const out = await resolveFileSources([inline, fromRepo, other], async (rel) => (await readFileInside(repo, rel)).text);
    assert.equal(out[0], inline);
    assert.equal(out[2], other);
    assert.deepEqual(out[1].spec, { path: 'etc/nginx.conf', mode: '0644', content: 'worker_processes 1;\n' });
    assert.equal(validateHostObject(out[1]).ok, true);
    assert.deepEqual(fromRepo.spec, { path: 'etc/nginx.conf', source: 'files/nginx.conf', mode: '0644' }, 'input not mutated');
  });
});

test('a source that leaves the repository or is missing is a render error naming the object and field', async () => {
  await withRepo(async (repo) => {
    const read = async (rel: string) => (await readFileInside(repo, rel)).text;
    await assert.rejects(
      resolveFileSources([file('evil', { path: 'x', source: '../../etc/passwd' })], read),
      (error: unknown) => error instanceof RenderError && /^File\/evil: spec\.source: .*leaves the repository root/.test(error.message),
    );
    await assert.rejects(
      resolveFileSources([file('gone', { path: 'x', source: 'nope.txt' })], read),
      (error: unknown) => error instanceof RenderError && /^File\/gone: spec\.source: nope\.txt: no such file/.test(error.message),
    );
  });
});
