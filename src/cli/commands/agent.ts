import { readFileSync, statSync } from 'node:fs';
import { createAgent } from '../../agent/agent.js';
import { webhookProviders, type WebhookProvider } from '../../agent/webhooks/index.js';
import { createLogger } from '../../log/logger.js';
import { loadAuthConfig } from '../../auth/auth-config.js';
import { logFlags, logOptions } from '../log-flags.js';
import { defineCommand } from '../command-spec.js';
import { printHelp } from '../format-help.js';
import { parseCommand } from '../parse-command.js';
import { UsageError } from '../usage-error.js';
import { storeLocationFrom } from '../store-location.js';
import { shardingFrom } from './agent-sharding-flags.js';

export const agentSpec = defineCommand({
  name: 'agent',
  summary: 'run the GitOps loop',
  usage: ['agent --apps PATH [--apps PATH ...] [flags]', 'agent --watch-namespace NS [--watch-namespace NS ...] [flags]'],
  description: `Runs the GitOps loop: reconciles every Application in the given files or directories (and the
apps they manage, app of apps) on polls, verified webhooks, API requests and drift.
Each Application file loads or fails on its own; 'tideway status' lists the files that failed.
State (status, history, audit, sign-in) is kept in SQLite in the data directory, or in PostgreSQL (--store).
The dashboard and the API answer on http://127.0.0.1:PORT/. At the first start the user admin gets a
random password, written to <data-dir>/initial-admin-password (mode 0600).`,
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
    {
      name: 'watch-namespace',
      type: 'string',
      multiple: true,
      value: 'NS',
      help: "also manage the Application objects (applications.tideway.dev) of this namespace of the\nkubeconfig's cluster (or the agent's own cluster in a Pod); status is written back to them",
    },
    { name: 'watch-all-namespaces', type: 'boolean', help: 'manage the Application objects of every namespace' },
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
    {
      name: 'allow-loader-env',
      type: 'boolean',
      help: 'let host Services set LD_PRELOAD-style variables (the ceiling: apps checked by a\nProject also need its permissions.loaderEnv)',
    },
    {
      name: 'allow-remote-probes',
      type: 'boolean',
      help: 'let host Service probes reach other hosts than loopback (the ceiling: apps checked by a\nProject also need its permissions.remoteProbes)',
    },
    {
      name: 'policies',
      type: 'string',
      multiple: true,
      value: 'DIR',
      help: "ValidatingAdmissionPolicies (and bindings, params) every app's sync is checked against\nbefore any write, with the app's own spec.policies",
    },
    {
      name: 'health-checks',
      type: 'string',
      multiple: true,
      value: 'PATH',
      help: "health checks for every app's objects, before the built-in ones: CEL checks in Flux's\nshape (YAML with healthCheckExprs) and Argo CD Lua checks (as 'tideway health --checks')",
    },
    {
      name: 'auth-config',
      type: 'string',
      value: 'FILE',
      help: 'a YAML file with more users, their roles and single sign-on (OpenID Connect; the client\nsecret comes from TIDEWAY_OIDC_CLIENT_SECRET or TIDEWAY_OIDC_CLIENT_SECRET_FILE)',
    },
    {
      name: 'host',
      type: 'string',
      value: 'ADDR',
      help: 'bind the API elsewhere than 127.0.0.1: needs --tls-cert and --tls-key, or --insecure-http\nbehind a TLS proxy',
    },
    { name: 'tls-cert', type: 'string', value: 'FILE', help: 'the PEM certificate chain for HTTPS (with --tls-key)' },
    { name: 'tls-key', type: 'string', value: 'FILE', help: 'the PEM private key for HTTPS (with --tls-cert)' },
    { name: 'insecure-http', type: 'boolean', help: 'serve plain HTTP on a non-loopback --host (a TLS proxy in front)' },
    {
      name: 'store',
      type: 'string',
      value: 'URL',
      help: 'where state is kept: sqlite (default, in the data directory) or postgres://user@host:port/db\n(shared by several agents; default TIDEWAY_STORE_URL; never a password here, see below)',
    },
    {
      name: 'shards',
      type: 'string',
      value: 'N',
      help: 'share the apps with other replicas: N shards, each held by one replica through a Lease\nin TIDEWAY_NAMESPACE (default tideway-system); apps by a hash of namespace/name',
    },
    {
      name: 'replica-id',
      type: 'string',
      value: 'ID',
      help: "this replica's identity in the Leases (default POD_NAME, else hostname-pid)",
    },
    {
      name: 'lease-duration',
      type: 'string',
      value: 'TIME',
      help: 'how long a shard stays taken after its last renewal (default 15s)',
    },
    {
      name: 'renew-deadline',
      type: 'string',
      value: 'TIME',
      help: 'a holder stops reconciling a shard it could not renew this long (default 10s)',
    },
    { name: 'retry-period', type: 'string', value: 'TIME', help: 'how often Leases are tried and renewed (default 2s)' },
    {
      name: 'advertise-url',
      type: 'string',
      value: 'URL',
      help: "where other replicas reach this one's API: webhooks for its apps of files are\nforwarded there (default http://$POD_IP:<port>, else the bound URL)",
    },
    ...logFlags('info'),
  ],
  footer: `Webhook secrets come from the environment, never the command line:
  TIDEWAY_WEBHOOK_SECRET_<PROVIDER> (GITHUB, GITLAB, GITEA, FORGEJO, BITBUCKET, GENERIC),
  or TIDEWAY_WEBHOOK_SECRET for every provider, or *_FILE variants naming a file.
The PostgreSQL store's password too: in TIDEWAY_STORE_URL, TIDEWAY_STORE_PASSWORD or the file named by
TIDEWAY_STORE_PASSWORD_FILE; TLS with ?sslmode=verify-full and TIDEWAY_STORE_CA_FILE (a PEM CA).`,
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
  const watchNamespaces = values['watch-namespace'] ?? [];
  const watching = watchNamespaces.length > 0 || !!values['watch-all-namespaces'];
  if (!values.apps?.length && !watching)
    throw new UsageError('--apps PATH or --watch-namespace NS is required: Application files, or namespaces of Application objects', {
      command: 'agent',
    });
  if (watchNamespaces.length > 0 && values['watch-all-namespaces'])
    throw new UsageError('--watch-namespace and --watch-all-namespaces: give one or the other', { command: 'agent' });
  for (const ns of watchNamespaces)
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns) || ns.length > 63)
      throw new UsageError(`--watch-namespace ${JSON.stringify(ns)}: not a namespace name`, { command: 'agent' });
  for (const p of values.apps ?? []) checkAppsPath(p);
  const port = values.port === undefined ? 7780 : /^\d+$/.test(values.port) ? Number(values.port) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port: ${JSON.stringify(values.port)} is not a port number`, { command: 'agent' });
  const concurrency = values.concurrency === undefined ? 8 : /^\d+$/.test(values.concurrency) ? Number(values.concurrency) : Number.NaN;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new UsageError(`--concurrency: must be a whole number >= 1, got ${JSON.stringify(values.concurrency)}`, { command: 'agent' });
  if (!!values['tls-cert'] !== !!values['tls-key'])
    throw new UsageError('--tls-cert and --tls-key: give both (a PEM certificate chain and its key) or neither', { command: 'agent' });
  const store = storeLocationFrom(values.store, process.env);
  const authConfig = values['auth-config'] ? loadAuthConfig(values['auth-config']) : undefined;
  const shards = shardingFrom(values, process.env);
  const log = createLogger(logOptions(values, 'agent'));
  const instance = createAgent({
    dataDir: values['data-dir'] ?? process.env.TIDEWAY_DATA_DIR ?? '.tideway',
    apps: values.apps ?? [],
    watchApplications: watching
      ? values['watch-all-namespaces']
        ? { all: true }
        : { all: false, namespaces: watchNamespaces }
      : undefined,
    apiPort: port,
    apiHost: values.host,
    tls: values['tls-cert'] ? { certFile: values['tls-cert'], keyFile: values['tls-key']! } : undefined,
    insecureHttp: values['insecure-http'],
    authConfig,
    concurrency,
    kubeconfig: values.kubeconfig,
    hostRoot: values['host-root'],
    allowRoot: values['allow-root'],
    allowLoaderEnv: values['allow-loader-env'],
    allowRemoteProbes: values['allow-remote-probes'],
    webhookSecrets: webhookSecretsFromEnv(process.env),
    policies: values.policies,
    healthChecks: values['health-checks'],
    store,
    shards,
    log,
  });
  await instance.start();
  process.stderr.write(`tideway agent: dashboard and API on ${instance.url()}/\n`);
  const passwordFile = instance.initialPasswordFile();
  if (passwordFile) process.stderr.write(`tideway agent: sign in as admin with the password in ${passwordFile}\n`);
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
