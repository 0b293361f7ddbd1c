/**
 * The agent as a user runs it with a PostgreSQL store: `tideway agent --store postgres://...` as a
 * child process, the password in a file, against the test control plane and a real PostgreSQL server.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appYaml } from '../../test/support/agent-fixture.js';
import { deleteNamespace, getObject, testKubeconfigPath, uniqueName } from '../../test/support/engine-fixture.js';
import { createTestRepo, type TestRepo } from '../../test/support/git-repo.js';
import { configMap } from '../../test/support/manifests.js';
import { describeWithPostgres, startPostgres, type PostgresServer } from '../../test/support/postgres.js';
import { waitFor } from '../../test/support/wait-for.js';
import { createKubernetesTarget, type KubernetesTarget } from '../target/kubernetes/index.js';

const bin = path.join(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'), 'bin/tideway.js');

describeWithPostgres('the agent with a PostgreSQL store', (binaries) => {
  let server: PostgresServer;
  let kube: KubernetesTarget;
  let repo: TestRepo;
  let agent: ChildProcess | undefined;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tideway-agent-pg-'));
  const ns = uniqueName('agent-pg');
  const app = uniqueName('pg');
  const password = `pw-${Math.random().toString(36).slice(2)}`;

  before(async () => {
    server = await startPostgres(binaries);
    await server.sql('postgres', `CREATE ROLE tideway LOGIN PASSWORD '${password}'`);
    await server.sql('postgres', 'CREATE DATABASE tideway OWNER tideway');
    kube = createKubernetesTarget({ kubeconfig: testKubeconfigPath() });
    repo = createTestRepo({ 'manifests/a.yaml': configMap('a', '1') });
  });
  after(async () => {
    if (agent && agent.exitCode === null) agent.kill('SIGKILL');
    await server?.stop();
    await deleteNamespace(kube, ns);
    kube.close();
    repo.remove();
    rmSync(tmp, { recursive: true, force: true });
  });

  const rows = async (text: string) => (await server.sql('tideway', text)).rows;
  const liveValue = async () =>
    ((await getObject(kube, `/api/v1/namespaces/${ns}/configmaps/a`))?.data as Record<string, string> | undefined)?.value;

  test('syncs with its state in PostgreSQL, outlives a database restart, and never shows the password', async () => {
    const appsDir = path.join(tmp, 'apps');
    mkdirSync(appsDir);
    writeFileSync(path.join(appsDir, `${app}.yaml`), appYaml(app, repo.dir, ns, { interval: '1s' }));
    const passwordFile = path.join(tmp, 'store-password');
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    const url = `postgres://tideway@127.0.0.1:${server.port}/tideway`;
    let stderr = '';
    agent = spawn(
      process.execPath,
      [bin, 'agent', '--apps', appsDir, '--port', '0', '--data-dir', path.join(tmp, 'data'), '--store', url, '--log-level', 'warn'],
      {
        env: { ...process.env, KUBECONFIG: testKubeconfigPath(), TIDEWAY_STORE_PASSWORD_FILE: passwordFile, TIDEWAY_DEBUG: '' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    agent.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => agent!.once('exit', (code) => resolve(code)));
    await waitFor('the agent to start', () => /dashboard and API on/.test(stderr) || agent!.exitCode !== null, { timeoutMs: 30_000 });
    assert.equal(agent.exitCode, null, stderr);
    assert.ok(!readFileSync(`/proc/${agent.pid}/cmdline`, 'utf8').includes(password), 'the password is not in the command line');

    await waitFor('the first sync, recorded in PostgreSQL', async () => {
      if ((await liveValue()) !== '1') return false;
      const [status] = await rows(`SELECT sync_status FROM app_status WHERE app = '${app}'`);
      return status?.sync_status === 'Synced';
    });
    const [first] = await rows(`SELECT result, trigger FROM sync_history WHERE app = '${app}' ORDER BY id LIMIT 1`);
    assert.equal(first.result, 'Succeeded');

    // The database goes away: the agent keeps running (failed writes are logged), and catches up once it is back.
    await server.halt();
    const second = repo.commit({ 'manifests/a.yaml': configMap('a', '2') }, 'second');
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(agent.exitCode, null, `the agent is still running without its database:\n${stderr}`);
    await server.resume();
    await waitFor(
      'the second commit applied and recorded after the database came back',
      async () => {
        if ((await liveValue()) !== '2') return false;
        const synced = await rows(
          `SELECT 1 FROM sync_history WHERE app = '${app}' AND revision_sha = '${second}' AND result = 'Succeeded'`,
        );
        return synced.length > 0;
      },
      { timeoutMs: 30_000 },
    );

    await assert.rejects(() => server.sql('tideway', "UPDATE audit_log SET actor = 'mallory'"), /append-only/);
    agent.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    const actions = (await rows('SELECT action FROM audit_log ORDER BY id')).map((r) => r.action);
    assert.equal(actions[0], 'agent.started');
    assert.ok(actions.includes('app.added'));
    assert.equal(actions.at(-1), 'agent.stopped');
    assert.doesNotMatch(stderr, new RegExp(password), 'the password is in no log line');
  });
});
