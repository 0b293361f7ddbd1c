import { TidewayError } from '../../core/errors.js';
import type { ExecPlugin, ResolvedKubeconfig } from './kubeconfig.js';
import { decodeSecretData } from './read-secret.js';
import { statusMessage, type RestClient } from './rest-client.js';

/** The label that registers a cluster Secret, as Argo CD's `argocd.argoproj.io/secret-type: cluster` does. */
export const CLUSTER_SECRET_LABEL = 'tideway.dev/secret-type';

/**
 * A cluster registered as a Secret, read as Argo CD reads its cluster Secrets: `name`, `server`, and
 * `config`, a JSON object with `bearerToken`, `username`/`password`, `execProviderConfig` (an exec
 * credential plugin, run as client-go runs one) and `tlsClientConfig` (`caData`, `certData`, `keyData`
 * base64, `insecure`, `serverName`). `awsAuthConfig` is refused with a message (the same aws command
 * works through `execProviderConfig`). Errors name the Secret and the field, never a value.
 */
export function clusterFromSecret(secretName: string, data: Record<string, string>): ResolvedKubeconfig {
  const where = `cluster Secret ${secretName}`;
  const server = data.server?.trim();
  if (!server) throw new TidewayError('TargetUnavailable', `${where}: server is missing`);
  let config: Record<string, unknown> = {};
  if (data.config) {
    try {
      config = JSON.parse(data.config) as Record<string, unknown>;
    } catch {
      throw new TidewayError('TargetUnavailable', `${where}: config is not JSON`);
    }
  }
  if (config.awsAuthConfig !== undefined)
    throw new TidewayError(
      'TargetUnavailable',
      `${where}: config.awsAuthConfig is not supported (use execProviderConfig with the aws command, bearerToken or client certificates)`,
    );
  const tls = (config.tlsClientConfig ?? {}) as Record<string, unknown>;
  const b64 = (v: unknown) => (typeof v === 'string' && v ? Buffer.from(v, 'base64') : undefined);
  const exec = config.execProviderConfig === undefined ? undefined : execPlugin(where, config.execProviderConfig);
  const text = (field: string) => {
    const v = config[field];
    if (v !== undefined && typeof v !== 'string') throw new TidewayError('TargetUnavailable', `${where}: config.${field} must be a string`);
    return v || undefined;
  };
  return {
    contextName: `cluster:${data.name ?? secretName}`,
    server: server.replace(/\/+$/, ''),
    ca: b64(tls.caData),
    insecureSkipTLSVerify: tls.insecure === true,
    tlsServerName: typeof tls.serverName === 'string' ? tls.serverName : undefined,
    token: typeof config.bearerToken === 'string' ? config.bearerToken : undefined,
    clientCert: b64(tls.certData),
    clientKey: b64(tls.keyData),
    username: text('username'),
    password: text('password'),
    needsPlugin: exec !== undefined,
    exec,
    files: [],
  };
}

/** Argo CD's `execProviderConfig` ({command, args, env, apiVersion}), checked field by field. */
function execPlugin(where: string, value: unknown): ExecPlugin {
  const field = `${where}: config.execProviderConfig`;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TidewayError('TargetUnavailable', `${field} must be an object`);
  const v = value as Record<string, unknown>;
  if (typeof v.command !== 'string' || !v.command) throw new TidewayError('TargetUnavailable', `${field}.command is missing`);
  if (typeof v.apiVersion !== 'string' || !v.apiVersion.startsWith('client.authentication.k8s.io/'))
    throw new TidewayError('TargetUnavailable', `${field}.apiVersion must be client.authentication.k8s.io/v1 or v1beta1`);
  const args = v.args ?? [];
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string'))
    throw new TidewayError('TargetUnavailable', `${field}.args must be a list of strings`);
  const env = v.env ?? {};
  if (typeof env !== 'object' || env === null || Array.isArray(env) || !Object.values(env).every((e) => typeof e === 'string'))
    throw new TidewayError('TargetUnavailable', `${field}.env must map names to strings`);
  return {
    command: v.command,
    args: args as string[],
    env: Object.entries(env as Record<string, string>).map(([name, val]) => ({ name, value: val })),
    apiVersion: v.apiVersion,
  };
}

/**
 * The connection of the cluster registered under `name`: the Secret in `namespace` (of the cluster the
 * agent runs against) labelled `tideway.dev/secret-type: cluster` whose `name` entry is `name`.
 */
export async function findRegisteredCluster(home: RestClient, namespace: string, name: string): Promise<ResolvedKubeconfig> {
  const res = await home.request<{ items?: { metadata: { name: string }; data?: Record<string, string> }[] }>(
    'GET',
    `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets`,
    { query: { labelSelector: `${CLUSTER_SECRET_LABEL}=cluster` } },
  );
  if (res.status >= 300)
    throw new TidewayError('TargetUnavailable', `cannot list the cluster Secrets in namespace ${namespace}: ${statusMessage(res)}`);
  const decoded = (res.body.items ?? []).map((item) => ({
    secret: item.metadata.name,
    data: decodeSecretData(`${namespace}/${item.metadata.name}`, item.data),
  }));
  const found = decoded.filter((d) => (d.data.name ?? d.secret) === name);
  if (found.length === 0)
    throw new TidewayError(
      'TargetUnavailable',
      `no cluster named ${name}: register it as a Secret in namespace ${namespace} labelled ${CLUSTER_SECRET_LABEL}: cluster` +
        (decoded.length ? ` (registered: ${decoded.map((d) => d.data.name ?? d.secret).join(', ')})` : ''),
    );
  if (found.length > 1)
    throw new TidewayError('TargetUnavailable', `cluster ${name} is registered twice (Secrets ${found.map((f) => f.secret).join(', ')})`);
  return clusterFromSecret(found[0].secret, found[0].data);
}
