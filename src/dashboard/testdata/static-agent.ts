import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAgent, type Agent } from '../../agent/agent.js';
import type { AuthConfig } from '../../auth/auth-config.js';
import type { HealthCode } from '../../core/health/health-status.js';
import { silentLogger } from '../../log/logger.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import type { SyncStatusCode } from '../../store/store.js';

export interface StaticAgent {
  agent: Agent;
  url: string;
  dir: string;
  adminPassword: string;
  close(): Promise<void>;
}

const healths: HealthCode[] = ['Healthy', 'Healthy', 'Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing'];
const syncs: SyncStatusCode[] = ['Synced', 'Synced', 'OutOfSync', 'Synced', 'Unknown'];

export const appName = (i: number) => `app-${String(i).padStart(5, '0')}`;

/** The n-th seeded app's state: a mix of health and sync statuses, namespaces, clusters and labels. */
export function seededApp(i: number) {
  return {
    name: appName(i),
    namespace: `team-${i % 20}`,
    context: i % 10 === 9 ? 'staging' : 'prod',
    team: ['payments', 'search', 'platform'][i % 3],
    health: healths[i % healths.length],
    sync: syncs[i % syncs.length],
    sha: (i * 2654435761).toString(16).padStart(8, '0').repeat(5).slice(0, 40),
  };
}

/**
 * A real agent (SQLite, API, dashboard, sign-in) whose `apps` Applications are registered but never
 * reconciled (`staticApps`): their state is what this seeds into the store. No control plane.
 * app-00002 depends on app-00004 (Degraded, sync Unknown) and app-00006 (Missing): it waits for both.
 */
export async function startStaticAgent(options: { apps: number; authConfig?: AuthConfig }): Promise<StaticAgent> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-dashboard-'));
  const dataDir = path.join(dir, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  const docs: string[] = [];
  for (let i = 0; i < options.apps; i++) {
    const a = seededApp(i);
    docs.push(`apiVersion: tideway.dev/v1alpha1
kind: Application
metadata: { name: ${a.name}, labels: { team: ${a.team} } }
spec:
  source: { repoURL: 'https://git.example.com/${a.team}/${a.name}.git', targetRevision: main, path: deploy }
  destination: { context: ${a.context}, namespace: ${a.namespace} }
${i === 2 && options.apps > 6 ? `  dependsOn: [{ name: ${appName(4)} }, { name: ${appName(6)}, namespace: team-6 }]\n` : ''}`);
  }
  const appsFile = path.join(dir, 'apps.yaml');
  writeFileSync(appsFile, docs.join('---\n'));
  const store = openSqliteStore({ path: path.join(dataDir, 'tideway.db') });
  for (let i = 0; i < options.apps; i++) {
    const a = seededApp(i);
    await store.putStatus({
      app: a.name,
      syncStatus: a.sync,
      health:
        a.health === 'Healthy'
          ? { status: 'Healthy' }
          : { status: a.health, message: `Deployment/${a.namespace}/${a.name}: ${a.health.toLowerCase()}` },
      revision: { sha: a.sha, author: 'Ada Tester <ada@example.com>', message: `Deploy ${a.name} build ${i}` },
      conditions:
        a.health === 'Degraded'
          ? [{ type: 'SyncError', message: 'Deployment apply failed (Invalid)', since: new Date().toISOString() }]
          : [],
      paused: false,
    });
    if (i < 50) {
      const id = await store.startSync({
        app: a.name,
        revision: { sha: a.sha, author: 'Ada Tester', message: `Deploy ${a.name}` },
        trigger: 'webhook',
        who: 'Ada Tester',
      });
      await store.finishSync(id, { result: 'Succeeded', entries: [] });
    }
  }
  await store.close();
  const agent = createAgent({
    dataDir,
    apps: [appsFile],
    apiPort: 0,
    staticApps: true,
    appsRescanMs: 3_600_000,
    authConfig: options.authConfig,
    log: silentLogger,
  });
  await agent.start();
  const adminPassword = readFileSync(path.join(dataDir, 'initial-admin-password'), 'utf8').trim();
  return {
    agent,
    url: agent.url()!,
    dir,
    adminPassword,
    async close() {
      await agent.stop(5000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
