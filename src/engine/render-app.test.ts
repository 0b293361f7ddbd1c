import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderApplication } from './render-app.js';
import { createGitSource } from '../source/git/index.js';
import { createRenderer } from '../render/select-renderer.js';
import { resolveApplication } from '../core/application/resolve-application.js';
import { createTestRepo } from '../../test/support/git-repo.js';

const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'tideway-render-app-'));
after(() => rmSync(cacheDir, { recursive: true, force: true }));

const file = (name: string, source: string) => `apiVersion: host.tideway.dev/v1alpha1\nkind: File\nmetadata: { name: ${name} }\nspec: { path: ${name}.conf, source: ${source} }\n`;
const app = (repo: string) => resolveApplication({ apiVersion: 'tideway.dev/v1alpha1', kind: 'Application', metadata: { name: 'files' }, spec: { source: { repoURL: repo, path: 'host' }, destination: { target: 'host' } } });

test('a host File takes its content from a repository file, relative to the app path', async () => {
  const repo = createTestRepo({ 'host/greeter.yaml': file('greeting', 'config/greeting.txt'), 'host/config/greeting.txt': 'hello from git\n' });
  try {
    const { objects } = await renderApplication({ source: createGitSource({ cacheDir }), renderer: createRenderer() }, app(repo.dir));
    assert.deepEqual(objects[0].spec, { path: 'greeting.conf', content: 'hello from git\n' });
  } finally { repo.remove(); }
});

test('a File source outside the repository is refused, naming the object and field', async () => {
  const repo = createTestRepo({ 'host/greeter.yaml': file('passwd', '../../../../etc/passwd') });
  try {
    await assert.rejects(renderApplication({ source: createGitSource({ cacheDir }), renderer: createRenderer() }, app(repo.dir)), /File\/passwd: spec.source: .*leaves the repository root/);
  } finally { repo.remove(); }
});
