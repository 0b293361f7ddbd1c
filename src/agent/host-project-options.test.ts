/**
 * Host Services' loader variables and remote probes: a project allows them (permissions.loaderEnv,
 * remoteProbes) under the agent's ceiling (`--allow-loader-env`, `--allow-remote-probes`). A real
 * agent, a real git repository, the real host target and real processes; no control plane.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { createTestRepo, type TestRepo } from '../../test/support/git-repo.js';
import { waitFor } from '../../test/support/wait-for.js';
import { silentLogger } from '../log/logger.js';
import { killAll } from '../target/host/host-test-support.js';
import { type Agent, createAgent } from './agent.js';

const token = `tideway-host-project-${randomBytes(4).toString('hex')}`;
const serviceYaml = (name: string, env: Record<string, string>) => `apiVersion: host.tideway.dev/v1alpha1
kind: Service
metadata: { name: ${name} }
spec:
  command: ${JSON.stringify(process.execPath)}
  args: ["-e", "setInterval(() => {}, 1000) // ${token}"]
  env: ${JSON.stringify(env)}
`;
const project = (name: string, permissions: Record<string, boolean>) => `apiVersion: tideway.dev/v1alpha1
kind: Project
metadata: { name: ${name} }
spec:
  sourceRepos: ["*"]
  destinations: [{ target: host }]
  permissions: ${JSON.stringify({ hostServices: true, localSources: true, ...permissions })}
`;
const app = (name: string, projectName: string, repo: string) => `apiVersion: tideway.dev/v1alpha1
kind: Application
metadata: { name: ${name} }
spec:
  project: ${projectName}
  source: { repoURL: ${repo}, targetRevision: main, path: ${name}, interval: 1h }
  destination: { target: host }
  syncPolicy: { automated: { prune: true } }
`;

describe("host Services' loader variables: the project allows them, the agent's option is the ceiling", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-host-project-'));
  const repo: TestRepo = createTestRepo({
    'granted/svc.yaml': serviceYaml('granted', { NODE_OPTIONS: '--no-warnings' }),
    'denied/svc.yaml': serviceYaml('denied', { NODE_OPTIONS: '--no-warnings' }),
  });
  writeFileSync(
    path.join(dir, 'apps.yaml'),
    [
      project('loaders', { loaderEnv: true }),
      project('plain', {}),
      app('granted', 'loaders', repo.dir),
      app('denied', 'plain', repo.dir),
    ].join('---\n'),
  );
  let agent: Agent | undefined;
  const start = async (allowLoaderEnv: boolean) => {
    agent = createAgent({
      dataDir: path.join(dir, `data-${allowLoaderEnv}`),
      apps: [path.join(dir, 'apps.yaml')],
      hostRoot: path.join(dir, `host-${allowLoaderEnv}`),
      allowRoot: true,
      allowLoaderEnv,
      stopHostServicesOnStop: true,
      apiPort: 0,
      log: silentLogger,
    });
    await agent.start();
    return agent;
  };
  const conditions = async (a: Agent, name: string) => (await a.control.getApp(name))?.status?.conditions ?? [];

  after(async () => {
    await agent?.stop(10_000);
    killAll(token);
    repo.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  test('without --allow-loader-env, a project that allows loader variables cannot widen the agent: the Service is refused', async () => {
    const a = await start(false);
    try {
      await waitFor('granted refused by the host target', async () => {
        const status = (await a.control.getApp('granted'))?.status;
        return (
          status?.lastSync?.result === 'Failed' &&
          /spec\.env\.NODE_OPTIONS: .*not allowed on this host target \(allowLoaderEnv\)/.test(status.health?.message ?? '')
        );
      });
      await waitFor('denied refused by its project', async () =>
        (await conditions(a, 'denied')).some(
          (c) =>
            c.type === 'ProjectViolation' &&
            /LoaderEnv: .*project "plain" does not allow loader variables \(NODE_OPTIONS\)/.test(c.message),
        ),
      );
    } finally {
      await a.stop(10_000);
      agent = undefined;
    }
  });

  test('with --allow-loader-env, the project decides: its app runs, the app of a project without the permission is refused', async () => {
    const a = await start(true);
    await waitFor('granted synced', async () => (await a.control.getApp('granted'))?.status?.syncStatus === 'Synced', {
      timeoutMs: 20_000,
    });
    await waitFor('denied refused by its project', async () =>
      (await conditions(a, 'denied')).some((c) => c.type === 'ProjectViolation' && /permissions\.loaderEnv/.test(c.message)),
    );
    assert.notEqual((await a.control.getApp('denied'))?.status?.syncStatus, 'Synced');
  });
});
