import { readFileSync } from 'node:fs';
import { createAgent } from '../../agent/agent.js';
import { webhookProviders, type WebhookProvider } from '../../agent/webhooks/index.js';
import { TidewayError } from '../../core/errors.js';
import { createLogger } from '../../log/logger.js';
import { loadAuthConfig } from '../../auth/auth-config.js';
import { parseFlags } from '../parse-flags.js';

const HELP = `usage: tideway agent --apps PATH [--apps PATH ...] [--data-dir .tideway] [--port 7780] [--concurrency 8]
                     [--kubeconfig FILE] [--host-root DIR] [--allow-root] [--log-level info]
                     [--policies DIR ...]
                     [--auth-config FILE] [--host 127.0.0.1] [--tls-cert FILE --tls-key FILE] [--insecure-http]

Runs the GitOps loop: reconciles every Application in the given files or directories (and the
apps they manage, app of apps) on polls, verified webhooks, API requests and drift.
State (status, history, audit) is kept in SQLite in the data directory.
--policies DIR: ValidatingAdmissionPolicies (and bindings, params) every app's sync is checked against
before any write, with the app's own spec.policies.

Webhook secrets come from the environment, never the command line:
  TIDEWAY_WEBHOOK_SECRET_<PROVIDER> (GITHUB, GITLAB, GITEA, FORGEJO, BITBUCKET, GENERIC),
  or TIDEWAY_WEBHOOK_SECRET for every provider, or *_FILE variants naming a file.

The dashboard and the API answer on http://127.0.0.1:PORT/. At the first start the user admin gets a
random password, written to <data-dir>/initial-admin-password (mode 0600). --auth-config names a YAML
file with more users, their roles and single sign-on (OpenID Connect; the client secret comes from
TIDEWAY_OIDC_CLIENT_SECRET or TIDEWAY_OIDC_CLIENT_SECRET_FILE). --host binds elsewhere than loopback,
which needs --tls-cert and --tls-key (HTTPS), or --insecure-http behind a TLS proxy.`;

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

export async function agent(argv: string[]): Promise<number> {
  const { values } = parseFlags(
    argv,
    {
      apps: { type: 'string', multiple: true },
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      concurrency: { type: 'string' },
      kubeconfig: { type: 'string' },
      'host-root': { type: 'string' },
      'allow-root': { type: 'boolean' },
      'log-level': { type: 'string' },
      policies: { type: 'string', multiple: true },
      'auth-config': { type: 'string' },
      host: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'insecure-http': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    false,
  );
  if (values.help || !values.apps?.length) {
    process.stdout.write(`${HELP}\n`);
    return values.help ? 0 : 2;
  }
  const port = values.port === undefined ? 7780 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new TidewayError('InvalidApplication', `--port: "${values.port}" is not a port number`);
  const concurrency = values.concurrency === undefined ? 8 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new TidewayError('InvalidApplication', `--concurrency: must be a whole number >= 1`);
  if (!!values['tls-cert'] !== !!values['tls-key'])
    throw new TidewayError('InvalidApplication', '--tls-cert and --tls-key: give both (a PEM certificate chain and its key) or neither');
  const authConfig = values['auth-config'] ? loadAuthConfig(values['auth-config']) : undefined;
  const log = createLogger({ level: values['log-level'] });
  const instance = createAgent({
    dataDir: values['data-dir'] ?? process.env.TIDEWAY_DATA_DIR ?? '.tideway',
    apps: values.apps,
    apiPort: port,
    apiHost: values.host,
    tls: values['tls-cert'] ? { certFile: values['tls-cert'], keyFile: values['tls-key']! } : undefined,
    insecureHttp: values['insecure-http'],
    authConfig,
    concurrency,
    kubeconfig: values.kubeconfig,
    hostRoot: values['host-root'],
    allowRoot: values['allow-root'],
    webhookSecrets: webhookSecretsFromEnv(process.env),
    policies: values.policies,
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
