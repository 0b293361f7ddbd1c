import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createTestRepo } from '../../test/support/git-repo.js';
import { deleteNamespace, testKubeconfigPath, uniqueName } from '../../test/support/engine-fixture.js';
import { appYaml, eventually } from '../../test/support/agent-fixture.js';
import { createKubernetesTarget } from '../target/kubernetes/index.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-crash-'));
const kube = createKubernetesTarget({ kubeconfig: testKubeconfigPath() });
const ns = uniqueName('crash');
const children: ChildProcess[] = [];
after(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await deleteNamespace(kube, ns);
  kube.close();
  rmSync(dir, { recursive: true, force: true });
});

function startAgent(): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'bin/tideway.js'),
      'agent',
      '--apps',
      path.join(dir, 'apps'),
      '--data-dir',
      path.join(dir, 'data'),
      '--port',
      '0',
      '--log-level',
      'warn',
    ],
    {
      env: { ...process.env, KUBECONFIG: testKubeconfigPath() },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  child.stderr!.resume();
  children.push(child);
  return child;
}

function syncs(): Array<{ result: string; trigger: string }> {
  try {
    const db = new Database(path.join(dir, 'data', 'tideway.db'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT result, trigger FROM sync_history ORDER BY id').all() as Array<{ result: string; trigger: string }>;
    } finally {
      db.close();
    }
  } catch {
    return [];
  }
}

async function configMaps(): Promise<number> {
  const res = await kube.client.request<{ items: unknown[] }>('GET', `/api/v1/namespaces/${ns}/configmaps`, {
    query: { labelSelector: 'tideway.dev/app' },
  });
  return res.status === 200 ? res.body.items.length : 0;
}

test('kill -9 in the middle of a sync, then a restart: the interrupted sync is marked and the app converges', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 400; i++)
    files[`manifests/cm-${i}.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cm-${i} }\ndata: { i: "${i}" }\n`;
  const repo = createTestRepo(files);
  try {
    mkdirSync(path.join(dir, 'apps'));
    const name = uniqueName('crash');
    writeFileSync(path.join(dir, 'apps', 'app.yaml'), appYaml(name, repo.dir, ns));
    const first = startAgent();
    await eventually('a sync running', () => syncs().some((s) => s.result === 'Running'), 30_000, 5);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const applied = await configMaps();
    assert.ok(applied < 400, `the kill came mid-sync (${applied} of 400 applied)`);
    startAgent();
    await eventually('all 400 objects applied after the restart', async () => (await configMaps()) === 400, 60_000, 100);
    await eventually('a successful sync after the interrupted one', () => syncs().some((s) => s.result === 'Succeeded'), 30_000);
    const history = syncs();
    assert.equal(history[0].result, 'Interrupted', JSON.stringify(history));
    assert.equal(history.filter((s) => s.result === 'Running').length, 0);
  } finally {
    repo.remove();
  }
});
