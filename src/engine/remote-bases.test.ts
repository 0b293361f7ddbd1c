import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { resolveApplication } from '../core/application/resolve-application.js';
import { createRenderer } from '../render/select-renderer.js';
import { createGitSource } from '../source/git/index.js';
import { createTestRepo } from '../../test/support/git-repo.js';
import { renderApplication } from './render-app.js';
import { remoteBaseFetcher } from './remote-bases.js';

const cache = mkdtempSync(path.join(os.tmpdir(), 'tideway-remote-bases-'));
const source = createGitSource({ cacheDir: path.join(cache, 'git') });
after(async () => {
  await source.close();
  rmSync(cache, { recursive: true, force: true });
});

const cm = (name: string, value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name} }\ndata: { value: "${value}" }\n`;
const app = (repo: string, allow: boolean) =>
  resolveApplication({
    apiVersion: 'tideway.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'overlay' },
    spec: {
      source: { repoURL: repo, targetRevision: 'main', path: 'overlay', kustomize: { allowRemoteBases: allow } },
      destination: { namespace: 'shop' },
    },
  });

test('a remote base an app allows is fetched through the git source at its ref, from its directory', async () => {
  const base = createTestRepo({ 'deploy/base/kustomization.yaml': 'resources: [cm.yaml]\n', 'deploy/base/cm.yaml': cm('settings', 'v1') });
  const v1 = base.commit({}, 'v1');
  execFileSync('git', ['-C', base.dir, 'tag', 'v1']);
  base.commit({ 'deploy/base/cm.yaml': cm('settings', 'v2') }, 'v2 on main');
  const overlay = createTestRepo({
    'overlay/kustomization.yaml': `namePrefix: shop-\nresources:\n- file://${base.dir}//deploy/base?ref=v1\n`,
  });
  try {
    const deps = { source, renderer: createRenderer({ fetchRemote: remoteBaseFetcher(source) }) };
    const { objects } = await renderApplication(deps, app(overlay.dir, true));
    assert.deepEqual(
      objects.map((o) => [o.metadata.name, (o as unknown as { data: { value: string } }).data.value]),
      [['shop-settings', 'v1']],
      `the base at its tag v1 (${v1.slice(0, 7)}), not main`,
    );
    await assert.rejects(renderApplication(deps, app(overlay.dir, false)), /remote bases are not allowed for this application/);
  } finally {
    base.remove();
    overlay.remove();
  }
});
