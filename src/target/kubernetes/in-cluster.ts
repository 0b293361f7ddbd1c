import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TidewayError } from '../../core/errors.js';

/** Where a Pod finds its ServiceAccount's credentials; `TIDEWAY_SERVICEACCOUNT_DIR` moves it (tests). */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
/** The destination server (or `context: in-cluster`) that means the agent's own cluster, as in Argo CD. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';
export const IN_CLUSTER_NAME = 'in-cluster';

/** The connection a Pod's ServiceAccount gives (a kubeconfig context's fields). */
export interface InClusterConfig {
  contextName: string;
  server: string;
  ca?: Buffer;
  tokenFile: string;
}

function serviceAccountDir(env: NodeJS.ProcessEnv): string {
  return env.TIDEWAY_SERVICEACCOUNT_DIR ?? SERVICE_ACCOUNT_DIR;
}

/** True for `https://kubernetes.default.svc` (with or without :443, `.cluster.local`, a trailing slash). */
export function isInClusterServer(server: string | undefined): boolean {
  if (!server) return false;
  return /^https:\/\/kubernetes\.default\.svc(\.cluster\.local)?(:443)?\/?$/.test(server);
}

/**
 * The configuration of a Pod's own cluster, as client-go's `rest.InClusterConfig` reads it:
 * `KUBERNETES_SERVICE_HOST`/`_PORT`, and the ServiceAccount's token (re-read as it rotates: only its
 * file is kept), CA and namespace files. Undefined outside a Pod (the variables are not set).
 */
export function inClusterConfig(env: NodeJS.ProcessEnv = process.env): InClusterConfig | undefined {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) return undefined;
  const dir = serviceAccountDir(env);
  const tokenFile = path.join(dir, 'token');
  const caFile = path.join(dir, 'ca.crt');
  if (!existsSync(tokenFile))
    throw new TidewayError(
      'TargetUnavailable',
      `in-cluster configuration: no ServiceAccount token at ${tokenFile} (automountServiceAccountToken off?)`,
    );
  return {
    contextName: IN_CLUSTER_NAME,
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    ca: existsSync(caFile) ? readFileSync(caFile) : undefined,
    tokenFile,
  };
}

/** The namespace the agent's Pod runs in (its ServiceAccount's), or undefined outside a Pod. */
export function inClusterNamespace(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = path.join(serviceAccountDir(env), 'namespace');
  return env.KUBERNETES_SERVICE_HOST && existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
}

/**
 * `destination.name: in-cluster` is Argo CD's name for the agent's own cluster: the same destination
 * as `server: https://kubernetes.default.svc` (never a registered cluster's Secret).
 */
export function withOwnClusterName<D extends { name?: string; server?: string }>(destination: D): D {
  if (destination.name !== IN_CLUSTER_NAME) return destination;
  const { name: _, ...rest } = destination;
  return { ...rest, server: IN_CLUSTER_SERVER } as D;
}
