import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { createAgent, type Agent } from '../agent/agent.js';
import type { AppView } from '../agent/agent-control.js';
import { loadApplications } from '../app-files/load-applications.js';
import type { ResolvedApplication } from '../core/application/application.js';
import type { Logger } from '../log/logger.js';
import { ensureExampleRepo, type ExampleRepo } from './example-repo.js';
import { followApp } from './follow-app.js';
import { assertHostKindsOnly } from './host-kinds-only.js';
import { firstFreePortRun, isPortFree } from './free-port.js';
import { assertNoAgentRunning, assertRootAllowed } from './preflight.js';
import { QuickstartError } from './quickstart-error.js';
import { renderPreview } from './render-preview.js';
import { serviceEndpoints, type ServiceEndpoint } from './service-endpoints.js';
import { DEFAULT_API_PORT, DEFAULT_SERVICE_PORT, type ResolvedUpOptions } from './up-options.js';

export interface QuickstartDeps {
  log: Logger;
  /** One line of progress for the user (no trailing newline). */
  print(line: string): void;
  /** Aborts the start (Ctrl-C while waiting): the agent is stopped and the start rejects. */
  signal?: AbortSignal;
}

export interface Quickstart {
  app: ResolvedApplication;
  agent: Agent;
  /** The example repository, when the quickstart uses its own. */
  example?: ExampleRepo;
  endpoints: ServiceEndpoint[];
  /** The app as it was when it became Synced and Healthy. */
  ready: AppView;
  /** Stops following the app, then the agent, which stops the services it started. */
  stop(): Promise<void>;
}

/** Where the agent's host target keeps the replicas' stdout and stderr (`<dataDir>/host-state/logs`). */
export function hostLogsDir(dataDir: string): string {
  return path.join(dataDir, 'host-state', 'logs');
}

/** The Application `tideway up --repo URL --path P` runs (written to the data dir). */
export function repoApplication(name: string, repo: { url: string; path: string }, interval = '5s'): Record<string, unknown> {
  return {
    apiVersion: 'tideway.dev/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: {
      source: { repoURL: repo.url, targetRevision: 'HEAD', path: repo.path, interval },
      destination: { target: 'host' },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  };
}

/**
 * `tideway up`: creates the example repository (or takes `--repo`), starts an agent in-process with
 * that one host Application (services stopped when it stops), and resolves once the app is Synced and
 * Healthy. Progress and, afterwards, what happens to the app are printed through `deps.print`.
 */
export async function startQuickstart(options: ResolvedUpOptions, deps: QuickstartDeps): Promise<Quickstart> {
  const { log, print } = deps;
  assertRootAllowed(options.allowRoot);
  await assertNoAgentRunning(options.dataDir);
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });

  let example: ExampleRepo | undefined;
  let appFile: string;
  if (options.repo) {
    appFile = path.join(options.dataDir, 'quickstart-app.yaml');
    await writeFile(appFile, stringify(repoApplication(options.appName, options.repo)), { mode: 0o600 });
  } else {
    const servicePort = options.servicePort ?? (await firstFreePortRun(DEFAULT_SERVICE_PORT, 2));
    if (servicePort === undefined)
      throw new QuickstartError('Conflict', `no two free ports in a row from ${DEFAULT_SERVICE_PORT}; pick some with --service-port`);
    example = await ensureExampleRepo({ dir: options.exampleDir, servicePort });
    print(
      example.created
        ? `created the example repository ${example.dir} (one commit)`
        : `using the example repository ${example.dir} as it is`,
    );
    appFile = example.appFile;
  }
  const apps = await loadApplications(appFile);
  if (apps.length !== 1) throw new QuickstartError('InvalidApplication', `${appFile}: expected one Application, found ${apps.length}`);
  const app = apps[0];
  const preview = await renderPreview(app, options.dataDir);
  if (options.repo) assertHostKindsOnly(preview.objects, options.repo);
  const endpoints = serviceEndpoints(preview.objects);
  await mkdir(options.hostRoot, { recursive: true });

  const apiPort = options.apiPort ?? ((await isPortFree(DEFAULT_API_PORT)) ? DEFAULT_API_PORT : 0);
  const agent = createAgent({
    dataDir: options.dataDir,
    apps: [appFile],
    apiPort,
    hostRoot: options.hostRoot,
    allowRoot: options.allowRoot,
    stopHostServicesOnStop: true,
    log,
  });
  const follower = followApp(agent.control, app.name, (line) => print(`[${app.name}] ${line}`), { since: new Date().toISOString() });
  const stop = async () => {
    follower.stop();
    await agent.stop();
  };
  try {
    await agent.start();
    print(
      `agent API and dashboard on ${agent.url()}/; syncing ${app.name} from ${app.source.repoURL} (${app.source.path}) to ${options.hostRoot}`,
    );
    const ready = await follower.untilReady({ timeoutMs: options.readyTimeoutMs, signal: deps.signal }).catch((error: Error) => {
      throw error instanceof QuickstartError && error.code === 'Timeout' && !deps.signal?.aborted
        ? new QuickstartError('Timeout', `${error.message}; the replicas' output is in ${hostLogsDir(options.dataDir)}`)
        : error;
    });
    return { app, agent, example, endpoints, ready, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
