import { createHmac } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAgent, type Agent } from '../../src/agent/agent.js';
import type { AgentOptions } from '../../src/agent/agent-options.js';
import { silentLogger } from '../../src/log/logger.js';
import { testKubeconfigPath } from './engine-fixture.js';
import { waitFor } from './wait-for.js';

export const WEBHOOK_SECRET = 'e2e-webhook-secret';

export interface AgentFixture {
  agent: Agent;
  dir: string;
  appsDir: string;
  writeApp(name: string, yaml: string): void;
  removeApp(name: string): void;
  close(): Promise<void>;
}

/** A real agent (SQLite in a temp data dir, API on a free port) against the test control plane. */
export async function startAgentFixture(
  /** `kubeconfig: null`: none (in-cluster settings from the environment). */
  options: {
    appsRescanMs?: number;
    watchApplications?: AgentOptions['watchApplications'];
    kubeconfig?: null;
    /** The agent's namespace (its Projects are read there). */
    namespace?: string;
    /** Project YAML written to the apps directory before the agent starts. */
    projects?: string;
  } = {},
): Promise<AgentFixture> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-agent-'));
  const appsDir = path.join(dir, 'apps');
  mkdirSync(appsDir);
  if (options.projects) writeFileSync(path.join(appsDir, 'projects.yaml'), options.projects);
  const agent = createAgent({
    dataDir: path.join(dir, 'data'),
    apps: [appsDir],
    apiPort: 0,
    concurrency: 4,
    kubeconfig: options.kubeconfig === null ? undefined : testKubeconfigPath(),
    webhookSecrets: { generic: WEBHOOK_SECRET, github: WEBHOOK_SECRET },
    appsRescanMs: options.appsRescanMs ?? 200,
    watchApplications: options.watchApplications,
    namespace: options.namespace,
    log: silentLogger,
  });
  await agent.start();
  return {
    agent,
    dir,
    appsDir,
    writeApp: (name, yaml) => writeFileSync(path.join(appsDir, `${name}.yaml`), yaml),
    removeApp: (name) => rmSync(path.join(appsDir, `${name}.yaml`), { force: true }),
    async close() {
      await agent.stop(10_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function appYaml(
  name: string,
  repo: string,
  namespace: string,
  opts: { selfHeal?: boolean; automated?: boolean; interval?: string; path?: string; retry?: string; finalizer?: boolean } = {},
): string {
  const automated = opts.automated === false ? '' : `automated: { prune: true, selfHeal: ${opts.selfHeal ?? true} }, `;
  return `apiVersion: tideway.dev/v1alpha1
kind: Application
metadata:
  name: ${name}${opts.finalizer ? '\n  finalizers: [resources-finalizer.tideway.dev]' : ''}
spec:
  source: { repoURL: ${repo}, targetRevision: main, path: ${opts.path ?? 'manifests'}, interval: ${opts.interval ?? '1h'} }
  destination: { namespace: ${namespace} }
  syncPolicy: { ${automated}syncOptions: [CreateNamespace=true]${opts.retry ? `, retry: ${opts.retry}` : ''} }
`;
}

/** POSTs a signed generic webhook to the agent's API. */
export async function sendWebhook(agent: Agent, body: object, secret = WEBHOOK_SECRET): Promise<Response> {
  const raw = JSON.stringify(body);
  const signature = `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
  return fetch(`${agent.url()}/webhooks/generic`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-tideway-signature': signature },
    body: raw,
  });
}

/** `waitFor` with positional timeout and a short interval, as the agent's tests poll for sub-second changes. */
export function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
  intervalMs = 20,
): Promise<T> {
  return waitFor(what, check, { timeoutMs, intervalMs });
}

/**
 * A `default` Project that lets Application objects of these namespaces do what they did before
 * projects bounded them: any repository (local paths included), any destination, any kind.
 */
export function openDefaultProject(sourceNamespaces: string[]): string {
  return `apiVersion: tideway.dev/v1alpha1
kind: Project
metadata: { name: default }
spec:
  sourceRepos: ["*"]
  destinations: [{ namespace: "*" }]
  clusterResourceWhitelist: [{ group: "*", kind: "*" }]
  sourceNamespaces: ${JSON.stringify(sourceNamespaces)}
  permissions: { localSources: true, hooks: true }
`;
}
