/**
 * Loading apps is robust: a real agent (real git, real SQLite, the host target; no control plane)
 * over a directory where one Application file has a typo and another names a repository that does
 * not exist. The valid apps load, the typo is listed with its error by the API and `tideway status`,
 * a new file loads beside the broken one, and the missing repository is reported as missing.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { createTestRepo, type TestRepo } from '../../test/support/git-repo.js';
import { waitFor } from '../../test/support/wait-for.js';
import { silentLogger } from '../log/logger.js';
import { type Agent, createAgent } from './agent.js';

const appYaml = (name: string, repo: string, extra = '') => `apiVersion: tideway.dev/v1alpha1
kind: Application
metadata: { name: ${name} }
spec:
  source: { repoURL: ${repo}, targetRevision: main, path: files, interval: 1h }
  destination: { target: host }
${extra}`;

describe('the agent loads each Application file on its own', () => {
  let dir: string;
  let repo: TestRepo;
  let agent: Agent;
  const apps = () => path.join(dir, 'apps');

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-agent-files-'));
    repo = createTestRepo({
      'files/motd.yaml':
        'apiVersion: host.tideway.dev/v1alpha1\nkind: File\nmetadata: { name: motd }\nspec: { path: motd, content: "hi\\n" }\n',
    });
    mkdirSync(apps());
    writeFileSync(path.join(apps(), 'good.yaml'), appYaml('good', repo.dir, '  syncPolicy: { automated: { prune: true } }\n'));
    writeFileSync(path.join(apps(), 'typo.yaml'), appYaml('typo', repo.dir, '  syncPolicy: { automated: { prnue: true } }\n'));
    writeFileSync(path.join(apps(), 'gone.yaml'), appYaml('gone', path.join(dir, 'no-such-repo')));
    agent = createAgent({
      dataDir: path.join(dir, 'data'),
      apps: [apps()],
      hostRoot: path.join(dir, 'host'),
      allowRoot: true,
      apiPort: 0,
      appsRescanMs: 200,
      log: silentLogger,
    });
    await agent.start();
  });

  after(async () => {
    await agent?.stop(10_000);
    repo?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a typo in one file keeps no valid app from loading; the API lists the file with its error (file, field)', async () => {
    assert.deepEqual(
      (await agent.control.listApps()).map((a) => a.name),
      ['gone', 'good'],
    );
    await waitFor('good synced', async () => (await agent.control.getApp('good'))?.status?.syncStatus === 'Synced', { timeoutMs: 20_000 });
    const token = (await import('node:fs')).readFileSync(path.join(dir, 'data', 'api-token'), 'utf8').trim();
    const res = await fetch(`${agent.url()}/api/v1/apps`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { apps: { name: string }[]; invalid: { file: string; error: string }[] };
    assert.deepEqual(
      body.apps.map((a) => a.name),
      ['gone', 'good'],
      'existing fields unchanged',
    );
    assert.deepEqual(body.invalid, [
      {
        file: path.join(apps(), 'typo.yaml'),
        error: `${path.join(apps(), 'typo.yaml')}: spec.syncPolicy.automated.prnue: unknown field (expected one of: prune, selfHeal, allowEmpty)`,
      },
    ]);
  });

  test('tideway status shows the file that failed, with its error, under the apps', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.resolve('bin/tideway.js'), 'status', '--data-dir', path.join(dir, 'data')],
      {
        env: { ...process.env, TIDEWAY_AGENT: '', TIDEWAY_AGENT_URL: '', TIDEWAY_API_TOKEN: '' },
        timeout: 30_000,
      },
    );
    assert.match(stdout, /^good +Synced/m);
    assert.match(stdout, /^Application files not loaded \(1\); their apps, if any, run as last loaded:$/m);
    assert.match(
      stdout,
      new RegExp(`^  ${path.join(apps(), 'typo.yaml').replace(/[.]/g, '\\.')}: spec\\.syncPolicy\\.automated\\.prnue: unknown field`, 'm'),
    );
  });

  test('a new valid file loads while the broken one stays broken; fixing it loads its app', async () => {
    writeFileSync(path.join(apps(), 'new.yaml'), appYaml('newcomer', repo.dir));
    await waitFor('newcomer loaded', async () => (await agent.control.getApp('newcomer')) !== undefined, { timeoutMs: 5000 });
    writeFileSync(path.join(apps(), 'typo.yaml'), appYaml('typo', repo.dir));
    await waitFor('typo loaded', async () => (await agent.control.getApp('typo')) !== undefined, { timeoutMs: 5000 });
    assert.deepEqual(agent.control.invalidFiles?.(), []);
  });

  test('a repository that does not exist is reported as missing, not as a revision not found', async () => {
    const condition = await waitFor(
      'gone has a condition',
      async () => (await agent.control.getApp('gone'))?.status?.conditions?.find((c) => c.type === 'SourceUnavailable'),
      { timeoutMs: 10_000 },
    );
    assert.match(condition.message, /^repository .*no-such-repo does not exist or is not a git repository/);
    const audit = (await agent.control.audit({ app: 'gone', limit: 10 })).find((e) => e.action === 'source.unavailable');
    assert.equal(audit?.detail.code, 'RepositoryNotFound');
  });
});
