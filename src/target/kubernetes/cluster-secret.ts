import { TidewayError } from '../../core/errors.js';
import type { ResolvedKubeconfig } from './kubeconfig.js';
import { decodeSecretData } from './read-secret.js';
import { statusMessage, type RestClient } from './rest-client.js';

/** The label that registers a cluster Secret, as Argo CD's `argocd.argoproj.io/secret-type: cluster` does. */
export const CLUSTER_SECRET_LABEL = 'tideway.dev/secret-type';

/**
 * A cluster registered as a Secret, read as Argo CD reads its cluster Secrets: `name`, `server`, and
 * `config`, a JSON object with `bearerToken` and `tlsClientConfig` (`caData`, `certData`, `keyData`
 * base64, `insecure`, `serverName`). Exec and AWS/GCP providers are refused with a message (not yet
 * read). Errors name the Secret and the field, never a value.
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
  for (const unsupported of ['execProviderConfig', 'awsAuthConfig', 'username'])
    if (config[unsupported] !== undefined)
      throw new TidewayError(
        'TargetUnavailable',
        `${where}: config.${unsupported} is not supported (use bearerToken or client certificates)`,
      );
  const tls = (config.tlsClientConfig ?? {}) as Record<string, unknown>;
  const b64 = (v: unknown) => (typeof v === 'string' && v ? Buffer.from(v, 'base64') : undefined);
  return {
    contextName: `cluster:${data.name ?? secretName}`,
    server: server.replace(/\/+$/, ''),
    ca: b64(tls.caData),
    insecureSkipTLSVerify: tls.insecure === true,
    tlsServerName: typeof tls.serverName === 'string' ? tls.serverName : undefined,
    token: typeof config.bearerToken === 'string' ? config.bearerToken : undefined,
    clientCert: b64(tls.certData),
    clientKey: b64(tls.keyData),
    needsPlugin: false,
    files: [],
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
