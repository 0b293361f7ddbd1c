import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseKubectlYaml } from '../../render/parse-manifests.js';
import { TidewayError } from '../../core/errors.js';
import { IN_CLUSTER_NAME, inClusterConfig, isInClusterServer } from './in-cluster.js';

export interface KubeconfigSelection {
  /** Path(s) of kubeconfig files (`:`-separated like KUBECONFIG); default: KUBECONFIG, then ~/.kube/config. */
  kubeconfig?: string;
  context?: string;
  /** Picks the context whose cluster has this server URL. */
  server?: string;
  /** A connection already resolved elsewhere (a registered cluster's Secret): used as it is. */
  resolved?: ResolvedKubeconfig;
}

/** Connection and credentials of one kubeconfig context, with file references resolved. */
export interface ResolvedKubeconfig {
  contextName: string;
  server: string;
  ca?: Buffer;
  insecureSkipTLSVerify: boolean;
  tlsServerName?: string;
  token?: string;
  tokenFile?: string;
  clientCert?: Buffer;
  clientKey?: Buffer;
  username?: string;
  password?: string;
  /** The user authenticates through an exec plugin or auth provider: handled by the official client. */
  needsPlugin: boolean;
  /** An exec credential plugin given outside a kubeconfig file (a registered cluster's Secret). */
  exec?: ExecPlugin;
  /** The file paths the configuration came from (for the official client's loader). */
  files: string[];
}

/** client-go's exec credential plugin (kubeconfig `users[].user.exec`, Argo CD's `execProviderConfig`). */
export interface ExecPlugin {
  command: string;
  args: string[];
  env: { name: string; value: string }[];
  apiVersion: string;
}

interface Named<T> {
  name: string;
  [key: string]: unknown;
  value?: T;
}

function readKubeconfigFile(file: string): Record<string, unknown> {
  try {
    // YAML 1.1, as kubectl reads kubeconfigs.
    return (parseKubectlYaml(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
  } catch (cause) {
    throw new TidewayError('TargetUnavailable', `cannot read kubeconfig ${file}: ${(cause as Error).message.split('\n')[0]}`, { cause });
  }
}

function bytes(data: unknown, file: unknown, base: string): Buffer | undefined {
  if (typeof data === 'string' && data) return Buffer.from(data, 'base64');
  if (typeof file === 'string' && file) return readFileSync(path.resolve(base, file));
  return undefined;
}

/**
 * Reads kubeconfig as kubectl does: files from `kubeconfig` or KUBECONFIG (first definition of each
 * name wins, as does the first current-context), or ~/.kube/config; then the selected context.
 */
export function resolveKubeconfig(selection: KubeconfigSelection = {}): ResolvedKubeconfig {
  if (selection.resolved) return selection.resolved;
  // In a Pod: the ServiceAccount when no kubeconfig is given (before ~/.kube/config, as controller-runtime),
  // or for `https://kubernetes.default.svc` / `in-cluster` (as Argo CD).
  const ownCluster = isInClusterServer(selection.server) || selection.context === IN_CLUSTER_NAME;
  const given = selection.kubeconfig ?? process.env.KUBECONFIG;
  if (ownCluster || !given) {
    const inCluster = inClusterConfig();
    if (inCluster) return { ...inCluster, insecureSkipTLSVerify: false, needsPlugin: false, files: [] };
    // Outside a Pod, "this cluster" is the kubeconfig's current context.
    if (ownCluster) selection = { kubeconfig: selection.kubeconfig };
  }
  const list = (selection.kubeconfig ?? process.env.KUBECONFIG ?? path.join(os.homedir(), '.kube', 'config'))
    .split(path.delimiter)
    .filter(Boolean);
  const clusters = new Map<string, { value: Record<string, unknown>; base: string }>();
  const users = new Map<string, { value: Record<string, unknown>; base: string }>();
  const contexts = new Map<string, Record<string, unknown>>();
  let current: string | undefined;
  const files: string[] = [];
  for (const file of list) {
    let doc: Record<string, unknown>;
    try {
      doc = readKubeconfigFile(file);
    } catch (error) {
      if (list.length === 1) throw error;
      continue;
    }
    files.push(file);
    const base = path.dirname(path.resolve(file));
    for (const c of (doc.clusters as Named<unknown>[] | undefined) ?? [])
      if (!clusters.has(c.name)) clusters.set(c.name, { value: (c.cluster ?? {}) as Record<string, unknown>, base });
    for (const u of (doc.users as Named<unknown>[] | undefined) ?? [])
      if (!users.has(u.name)) users.set(u.name, { value: (u.user ?? {}) as Record<string, unknown>, base });
    for (const x of (doc.contexts as Named<unknown>[] | undefined) ?? [])
      if (!contexts.has(x.name)) contexts.set(x.name, (x.context ?? {}) as Record<string, unknown>);
    if (!current && typeof doc['current-context'] === 'string' && doc['current-context']) current = doc['current-context'];
  }
  let contextName = selection.context ?? current;
  if (!selection.context && selection.server) {
    const wanted = selection.server.replace(/\/+$/, '');
    contextName = [...contexts].find(
      ([, ctx]) => String(clusters.get(String(ctx.cluster))?.value.server ?? '').replace(/\/+$/, '') === wanted,
    )?.[0];
    if (!contextName) throw new TidewayError('TargetUnavailable', `kubeconfig has no context for server ${selection.server}`);
  }
  if (!contextName) throw new TidewayError('TargetUnavailable', `kubeconfig (${list.join(', ')}) has no current context; pass a context`);
  const context = contexts.get(contextName);
  if (!context) throw new TidewayError('TargetUnavailable', `kubeconfig has no context "${contextName}"`);
  const cluster = clusters.get(String(context.cluster));
  if (!cluster || typeof cluster.value.server !== 'string')
    throw new TidewayError('TargetUnavailable', `kubeconfig context "${contextName}" names no cluster with a server`);
  const user = users.get(String(context.user)) ?? { value: {}, base: cluster.base };
  const u = user.value;
  return {
    contextName,
    server: cluster.value.server.replace(/\/+$/, ''),
    ca: bytes(cluster.value['certificate-authority-data'], cluster.value['certificate-authority'], cluster.base),
    insecureSkipTLSVerify: cluster.value['insecure-skip-tls-verify'] === true,
    tlsServerName: typeof cluster.value['tls-server-name'] === 'string' ? cluster.value['tls-server-name'] : undefined,
    token: typeof u.token === 'string' ? u.token : undefined,
    tokenFile: typeof u.tokenFile === 'string' ? path.resolve(user.base, u.tokenFile) : undefined,
    clientCert: bytes(u['client-certificate-data'], u['client-certificate'], user.base),
    clientKey: bytes(u['client-key-data'], u['client-key'], user.base),
    username: typeof u.username === 'string' ? u.username : undefined,
    password: typeof u.password === 'string' ? u.password : undefined,
    needsPlugin: !!(u.exec || u['auth-provider']),
    files,
  };
}
