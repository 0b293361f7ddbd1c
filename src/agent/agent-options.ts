import type { AuthConfig } from '../auth/auth-config.js';
import type { ScryptCost } from '../auth/password-hash.js';
import type { Logger } from '../log/logger.js';
import type { WatchScope } from './cluster-apps/index.js';
import type { WebhookProvider } from './webhooks/index.js';
import type { StoreLocation } from './agent-stores.js';
import type { ShardingOptions } from './shards/agent-sharding.js';

export interface AgentOptions {
  /** State directory: SQLite database, API token, git cache, host target state. Default `.tideway`. */
  dataDir: string;
  /** Application files or directories (rescanned: adding a file adds its apps, removing it stops managing them). */
  apps: string[];
  /** Also manage the Application objects of these namespaces (or all) of the kubeconfig's cluster (`--watch-namespace`). */
  watchApplications?: WatchScope;
  /**
   * The agent's namespace (default TIDEWAY_NAMESPACE, else tideway-system): its Project objects are read
   * (with `watchApplications`), and its Application objects may name any project.
   */
  namespace?: string;
  /** Apps reconciled at once (default 8). */
  concurrency?: number;
  /** API port on 127.0.0.1 (default 7780; 0 picks a free one). */
  apiPort?: number;
  /** Default 127.0.0.1; anything beyond loopback needs `tls` or `insecureHttp`. */
  apiHost?: string;
  /** Serve the API over HTTPS with this certificate chain and key (PEM files). */
  tls?: { certFile: string; keyFile: string };
  /** Allow plain HTTP beyond loopback (a TLS proxy in front). */
  insecureHttp?: boolean;
  /** Users, roles and single sign-on (`--auth-config`); default: the admin only. */
  authConfig?: AuthConfig;
  /**
   * Register the apps but never reconcile them: their state is what the store holds (the dashboard's
   * benchmark and browser tests without a control plane).
   */
  staticApps?: boolean;
  /** Password hashing cost (tests lower it). */
  scryptCost?: ScryptCost;
  kubeconfig?: string;
  /** Managed root of the host target (default `<dataDir>/host`). */
  hostRoot?: string;
  allowRoot?: boolean;
  /**
   * The ceiling of what a project may allow host Services (`--allow-loader-env`, `--allow-remote-probes`):
   * without it no app may set loader variables or probe other hosts, whatever its project says.
   */
  allowLoaderEnv?: boolean;
  allowRemoteProbes?: boolean;
  /** Stop the host target's processes when the agent stops (default false: they keep running and the next agent adopts them). */
  stopHostServicesOnStop?: boolean;
  /** Webhook secrets per provider; a provider without one refuses every request (401). */
  webhookSecrets?: Partial<Record<WebhookProvider, string>>;
  historyLimit?: number;
  /** Where status, history, audit and sign-in state are kept (default: SQLite in the data directory). */
  store?: StoreLocation;
  /** Directories of ValidatingAdmissionPolicies every app's sync is checked against (with the app's own). */
  policies?: string[];
  /**
   * Health checks every app's objects are judged with (after an app's own spec.healthCheckExprs, before
   * the built-in ones): files and directories of Flux-style CEL checks and Argo CD Lua scripts.
   */
  healthChecks?: string[];
  /** How long an app's PostDelete hooks are waited on when it is deleted (default 5 minutes). */
  postDeleteTimeoutMs?: number;
  /** How often apps files and directories are re-read (default 5 s). */
  appsRescanMs?: number;
  /** A burst of watch events for one app is handled once, this long after the first (default 20 ms). */
  driftDebounceMs?: number;
  /** Share the apps with other replicas through shard Leases (`--shards`); absent: this agent reconciles every app. */
  shards?: ShardingOptions;
  log: Logger;
  clock?: () => Date;
  random?: () => number;
}
