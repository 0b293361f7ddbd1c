/**
 * `tideway up --repo URL --path P` end to end: the real CLI as a child process applying a repository made
 * in the test. No Kubernetes. Everything it starts is stopped after.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { git, startUp, type UpProcess } from '../../quickstart/testdata/up-process.js';

test('applies the given repository and path (TIDEWAY_ALLOW_ROOT=1 instead of the flag), then stops with exit 0', async () => {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'tideway-up-repo-')));
  let run: UpProcess | undefined;
  try {
    const repo = path.join(dir, 'ops');
    mkdirSync(path.join(repo, 'hosts', 'demo'), { recursive: true });
    writeFileSync(
      path.join(repo, 'hosts', 'demo', 'motd.yaml'),
      'apiVersion: host.tideway.dev/v1alpha1\nkind: File\nmetadata: { name: motd }\nspec: { path: etc/motd, content: "managed by Tideway\\n" }\n',
    );
    writeFileSync(path.join(repo, 'unrelated.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: not-applied }\n');
    git(repo, ['init', '-q', '-b', 'main']);
    git(repo, ['add', '-A']);
    git(repo, ['commit', '-qm', 'motd']);
    run = startUp(dir, ['--repo', 'ops', '--path', 'hosts/demo', '--port', '0'], { TIDEWAY_ALLOW_ROOT: '1' });
    await run.waitFor(/is Synced and Healthy/, 30_000);
    assert.equal(readFileSync(path.join(dir, 'tideway-host', 'etc', 'motd'), 'utf8'), 'managed by Tideway\n');
    assert.equal(existsSync(path.join(dir, 'tideway-example')), false, 'no example created');
    const out = run.stdout();
    assert.match(out, new RegExp(`syncing quickstart from ${repo} \\(hosts/demo\\)`));
    assert.match(out, /No Service with an HTTP readiness probe/);
    assert.match(out, /Commit to .*ops \(path hosts\/demo\)/);
    run.child.kill('SIGTERM');
    assert.deepEqual(await run.exited, { code: 0, signal: null });
    run = undefined;
  } finally {
    if (run) {
      run.child.kill('SIGKILL');
      await run.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a --repo path of Kubernetes manifests is refused at once (exit 2), saying the host target takes only host.tideway.dev kinds', async () => {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'tideway-up-kube-')));
  try {
    const repo = path.join(dir, 'k8s');
    mkdirSync(path.join(repo, 'app'), { recursive: true });
    writeFileSync(
      path.join(repo, 'app', 'web.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec: {}\n---\napiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec: {}\n',
    );
    git(repo, ['init', '-q', '-b', 'main']);
    git(repo, ['add', '-A']);
    git(repo, ['commit', '-qm', 'k8s']);
    const started = Date.now();
    const run = startUp(dir, ['--repo', 'k8s', '--path', 'app', '--port', '0'], { TIDEWAY_ALLOW_ROOT: '1' });
    assert.deepEqual(await run.exited, { code: 2, signal: null });
    assert.ok(Date.now() - started < 20_000, `refused in ${Date.now() - started} ms, not after retries`);
    assert.match(
      run.stderr(),
      /host target takes only host\.tideway\.dev kinds \(File, Service\); found Deployment\/web \(apps\/v1\), Service\/web \(v1\)\. Kubernetes manifests go to a cluster/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
