import { readFileSync, statSync } from 'node:fs';
import { createAgent } from '../../agent/agent.js';
import { webhookProviders, type WebhookProvider } from '../../agent/webhooks/index.js';
import { createLogger } from '../../log/logger.js';
import { logFlags, logOptions } from '../log-flags.js';
import { defineCommand } from '../command-spec.js';
import { printHelp } from '../format-help.js';
import { parseCommand } from '../parse-command.js';
import { UsageError } from '../usage-error.js';

export const agentSpec = defineCommand({
  name: 'agent',
  summary: 'run the GitOps loop',
  usage: ['agent --apps PATH [--apps PATH ...] [flags]'],
  description: `Runs the GitOps loop: reconciles every Application in the given files or directories (and the
apps they manage, app of apps) on polls, verified webhooks, API requests and drift.
Each Application file loads or fails on its own; 'tideway status' lists the files that failed.
State (status, history, audit) is kept in SQLite in the data directory.`,
  flags: [
    {
      name: 'apps',
      type: 'string',
      multiple: true,
      value: 'PATH',
      help: 'an Application file, or a directory of them (read recursively, re-read every 5 s)',
    },
    {
      name: 'data-dir',
      type: 'string',
      value: 'DIR',
      help: 'state: database, API token, git cache (default .tideway, or TIDEWAY_DATA_DIR)',
    },
    { name: 'port', type: 'string', value: 'N', help: 'the API port on 127.0.0.1 (default 7780; 0 picks a free one)' },
    { name: 'concurrency', type: 'string', value: 'N', help: 'apps reconciled at once (default 8)' },
    {
      name: 'kubeconfig',
      type: 'string',
      value: 'FILE',
      help: 'the kubeconfig for Kubernetes destinations (default KUBECONFIG, then ~/.kube/config)',
    },
    { name: 'host-root', type: 'string', value: 'DIR', help: "the host target's managed root (default <data-dir>/host)" },
    { name: 'allow-root', type: 'boolean', help: 'run as root (host services then run as root too)' },
    ...logFlags('info'),
  ],
  footer: `Webhook secrets come from the environment, never the command line:
  TIDEWAY_WEBHOOK_SECRET_<PROVIDER> (GITHUB, GITLAB, GITEA, FORGEJO, BITBUCKET, GENERIC),
  or TIDEWAY_WEBHOOK_SECRET for every provider, or *_FILE variants naming a file.`,
});

/** Webhook secrets from the environment (or files named there); never from flags, which `ps` shows. */
export function webhookSecretsFromEnv(env: NodeJS.ProcessEnv): Partial<Record<WebhookProvider, string>> {
  const out: Partial<Record<WebhookProvider, string>> = {};
  const read = (name: string): string | undefined => {
    if (env[name]) return env[name];
    const file = env[`${name}_FILE`];
    return file ? readFileSync(file, 'utf8').trim() : undefined;
  };
  const all = read('TIDEWAY_WEBHOOK_SECRET');
  for (const p of webhookProviders) {
    const value = read(`TIDEWAY_WEBHOOK_SECRET_${p.toUpperCase()}`) ?? all;
    if (value) out[p] = value;
  }
  return out;
}

/** `--apps` names something that exists: a missing directory is a mistake to report, not an agent serving 0 apps. */
function checkAppsPath(p: string): void {
  try {
    const info = statSync(p);
    if (!info.isFile() && !info.isDirectory()) throw new UsageError(`--apps ${p}: not a file or directory`, { command: 'agent' });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--apps ${p}: ${code === 'ENOENT' ? 'no such file or directory' : `cannot read it (${code ?? 'error'})`}`, {
      command: 'agent',
    });
  }
}

export async function agent(argv: string[]): Promise<number> {
  const { values } = parseCommand(agentSpec, argv);
  if (values.help) return printHelp((t) => process.stdout.write(t), agentSpec);
  if (!values.apps?.length)
    throw new UsageError('--apps PATH is required: an Application file or a directory of them', { command: 'agent' });
  for (const p of values.apps) checkAppsPath(p);
  const port = values.port === undefined ? 7780 : /^\d+$/.test(values.port) ? Number(values.port) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port: ${JSON.stringify(values.port)} is not a port number`, { command: 'agent' });
  const concurrency = values.concurrency === undefined ? 8 : /^\d+$/.test(values.concurrency) ? Number(values.concurrency) : Number.NaN;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new UsageError(`--concurrency: must be a whole number >= 1, got ${JSON.stringify(values.concurrency)}`, { command: 'agent' });
  const log = createLogger(logOptions(values, 'agent'));
  const instance = createAgent({
    dataDir: values['data-dir'] ?? process.env.TIDEWAY_DATA_DIR ?? '.tideway',
    apps: values.apps,
    apiPort: port,
    concurrency,
    kubeconfig: values.kubeconfig,
    hostRoot: values['host-root'],
    allowRoot: values['allow-root'],
    webhookSecrets: webhookSecretsFromEnv(process.env),
    log,
  });
  await instance.start();
  process.stderr.write(`tideway agent: API on ${instance.url()}\n`);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      log.info({ signal }, 'shutting down');
      void instance.stop().then(resolve);
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
  return 0;
}
