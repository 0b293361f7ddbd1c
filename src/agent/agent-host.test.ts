/**
 * Host drift goes through the agent's decision like Kubernetes drift: with selfHeal a hand-edited
 * file is restored by a sync; without it the file stays as the person left it, the app is OutOfSync,
 * and the drift reaches the audit log and the drift metric. A real agent, a real git repository and
 * the real host target; no control plane.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestRepo, type TestRepo } from '../../test/support/git-repo.js';
import { waitFor } from '../../test/support/wait-for.js';
import { silentLogger } from '../log/logger.js';
import { type Agent, createAgent } from './agent.js';

const motd = (content: string) =>
  `apiVersion: host.tideway.dev/v1alpha1\nkind: File\nmetadata: { name: motd }\nspec: { path: motd, content: ${JSON.stringify(content)} }\n`;

const appYaml = (name: string, repo: string, selfHeal: boolean) => `apiVersion: tideway.dev/v1alpha1
kind: Application
metadata: { name: ${name} }
spec:
  source: { repoURL: ${repo}, targetRevision: main, path: ${name}, interval: 1h }
  destination: { target: host }
  syncPolicy: { automated: { prune: true, selfHeal: ${selfHeal} } }
`;

describe('host drift through the agent', () => {
  let dir: string;
  let repo: TestRepo;
  let agent: Agent;
  const hostFile = (app: string) => path.join(dir, 'host', app, 'motd');

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-agent-host-'));
    repo = createTestRepo({
      'healing/motd.yaml': motd('hello\n').replace('path: motd', 'path: healing/motd'),
      'watching/motd.yaml': motd('hello\n').replace('name: motd', 'name: motd2').replace('path: motd', 'path: watching/motd'),
    });
    writeFileSync(path.join(dir, 'healing.yaml'), appYaml('healing', repo.dir, true));
    writeFileSync(path.join(dir, 'watching.yaml'), appYaml('watching', repo.dir, false));
    agent = createAgent({
      dataDir: path.join(dir, 'data'),
      apps: [path.join(dir, 'healing.yaml'), path.join(dir, 'watching.yaml')],
      hostRoot: path.join(dir, 'host'),
      allowRoot: true,
      apiPort: 0,
      log: silentLogger,
    });
    await agent.start();
    for (const app of ['healing', 'watching']) {
      await waitFor(`${app} synced`, async () => (await agent.control.getApp(app))?.status?.syncStatus === 'Synced', { timeoutMs: 20_000 });
    }
  });

  after(async () => {
    await agent?.stop(10_000);
    repo?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  test('with selfHeal, a hand-edited file is restored within a second by a sync recorded in history', async () => {
    const t0 = Date.now();
    await writeFile(hostFile('healing'), 'hacked\n');
    await waitFor('restored', async () => (await readFile(hostFile('healing'), 'utf8')) === 'hello\n', { timeoutMs: 1000, intervalMs: 5 });
    assert.ok(Date.now() - t0 < 1000, `restored in ${Date.now() - t0} ms`);
    await waitFor('heal recorded', async () => (await agent.control.history('healing'))?.some((s) => s.trigger === 'drift'), {
      timeoutMs: 2000,
    });
  });

  test('without selfHeal, a hand-edited file stays edited, the app is OutOfSync, and the drift is audited and counted', async () => {
    await writeFile(hostFile('watching'), 'edited by hand\n');
    await waitFor('OutOfSync', async () => (await agent.control.getApp('watching'))?.status?.syncStatus === 'OutOfSync', {
      timeoutMs: 3000,
    });
    const drift = (await agent.control.audit({ app: 'watching', limit: 20 })).find((e) => e.action === 'drift.detected');
    assert.ok(drift, 'drift.detected recorded');
    assert.deepEqual(drift.detail.objects, ['configured File/motd2']);
    assert.match(await agent.metrics.registry.metrics(), /^tideway_drift_events_total\{app="watching"\} 1$/m);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await readFile(hostFile('watching'), 'utf8'), 'edited by hand\n', 'never restored without selfHeal');
    assert.equal((await agent.control.history('watching'))?.filter((s) => s.trigger === 'drift').length, 0);
  });
});
