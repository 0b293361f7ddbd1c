import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AppView } from './agent-control.js';
import { healthCodes, syncStatusCodes } from '../store/vocabulary.js';

/**
 * The agent's Prometheus metrics, on a registry of their own (never prom-client's global one), so
 * two agents in one process (tests) do not collide. Names carry the `tideway_` prefix; the default
 * process and Node.js metrics (`process_*`, `nodejs_*`) are registered on the same registry.
 */
export interface AgentMetrics {
  registry: Registry;
  /** Seconds one reconcile of one app took; `result`: succeeded, failed, unchanged (or what the agent reports). */
  reconcileDuration: Histogram<'app' | 'result'>;
  /** Syncs finished, by result (Succeeded, Failed, ...) and trigger (webhook, poll, drift, user, ...). */
  syncsTotal: Counter<'result' | 'trigger'>;
  /** Drift found in the live state of an app. */
  driftEvents: Counter<'app'>;
  /** Seconds a Git fetch took; `result`: ok or error. */
  gitFetchDuration: Histogram<'result'>;
  /** Apps waiting to be reconciled. */
  queueDepth: Gauge;
  /** Per cluster (as the dashboard names it): 1 when its API server answered the last request, 0 after a connection error or timeout. */
  clusterUp: Gauge<'cluster'>;
  /** Per cluster: when its API server last answered (Unix seconds). */
  clusterLastSuccess: Gauge<'cluster'>;
  /** Seconds an app waited in the queue before its reconcile started (queue latency). */
  queueWait: Histogram;
  /** Number of apps in each sync status (Synced, OutOfSync, Unknown). */
  appsBySyncStatus: Gauge<'status'>;
  /** Number of apps in each health (Healthy, Progressing, Degraded, ...). */
  appsByHealth: Gauge<'health'>;
  /** Webhook requests answered, by provider and HTTP status. */
  webhooksTotal: Counter<'provider' | 'status'>;
  /** Sharded replicas: apps whose key hashes to each shard. */
  shardApps: Gauge<'shard'>;
  /** Sharded replicas: 1 for the replica holding each shard as this replica observes it ('' when free). */
  shardHolder: Gauge<'shard' | 'holder'>;
  /** Sharded replicas: the Lease's leaseTransitions of each shard. */
  shardTransitions: Gauge<'shard'>;
  /** Sharded replicas: shards this replica holds now. */
  shardOwned: Gauge<'replica'>;
  /** Sharded replicas: replicas alive (their membership Lease renewed), this one included. */
  liveReplicas: Gauge;
}

export function createAgentMetrics(): AgentMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    reconcileDuration: new Histogram({
      name: 'tideway_reconcile_duration_seconds',
      help: 'Seconds one reconcile of one app took.',
      labelNames: ['app', 'result'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    }),
    syncsTotal: new Counter({
      name: 'tideway_syncs_total',
      help: 'Syncs finished, by result and trigger.',
      labelNames: ['result', 'trigger'],
      registers,
    }),
    driftEvents: new Counter({
      name: 'tideway_drift_events_total',
      help: 'Drift found in the live state of an app.',
      labelNames: ['app'],
      registers,
    }),
    gitFetchDuration: new Histogram({
      name: 'tideway_git_fetch_duration_seconds',
      help: 'Seconds a Git fetch took.',
      labelNames: ['result'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    queueDepth: new Gauge({ name: 'tideway_queue_depth', help: 'Apps waiting to be reconciled.', registers }),
    clusterUp: new Gauge({
      name: 'tideway_cluster_up',
      help: "1 when the cluster's API server answered the last request (any HTTP status), 0 after a connection error or timeout.",
      labelNames: ['cluster'],
      registers,
    }),
    clusterLastSuccess: new Gauge({
      name: 'tideway_cluster_last_success_timestamp_seconds',
      help: "When the cluster's API server last answered a request (Unix time).",
      labelNames: ['cluster'],
      registers,
    }),
    queueWait: new Histogram({
      name: 'tideway_queue_wait_seconds',
      help: 'Seconds an app waited in the queue before its reconcile started.',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    }),
    appsBySyncStatus: new Gauge({
      name: 'tideway_apps_by_sync_status',
      help: 'Number of apps in each sync status.',
      labelNames: ['status'],
      registers,
    }),
    appsByHealth: new Gauge({
      name: 'tideway_apps_by_health',
      help: 'Number of apps in each health status.',
      labelNames: ['health'],
      registers,
    }),
    webhooksTotal: new Counter({
      name: 'tideway_webhooks_total',
      help: 'Webhook requests answered, by provider and HTTP status.',
      labelNames: ['provider', 'status'],
      registers,
    }),
    shardApps: new Gauge({ name: 'tideway_shard_apps', help: 'Apps assigned to each shard.', labelNames: ['shard'], registers }),
    shardHolder: new Gauge({
      name: 'tideway_shard_lease_holder',
      help: 'The replica holding each shard Lease (value 1; holder empty when free).',
      labelNames: ['shard', 'holder'],
      registers,
    }),
    shardTransitions: new Gauge({
      name: 'tideway_shard_lease_transitions',
      help: 'Holder changes of each shard Lease (its leaseTransitions).',
      labelNames: ['shard'],
      registers,
    }),
    shardOwned: new Gauge({ name: 'tideway_shards_owned', help: 'Shards this replica holds.', labelNames: ['replica'], registers }),
    liveReplicas: new Gauge({ name: 'tideway_replicas_live', help: 'Replicas alive as this replica observes them.', registers }),
  };
}

/**
 * Sets the per-status and per-health app counts from the apps as they are now (every value of the
 * vocabulary gets a series, zero when no app has it). The API calls it on each scrape of /metrics.
 * An app with no status yet counts as Unknown in both.
 */
export function refreshAppGauges(metrics: Pick<AgentMetrics, 'appsBySyncStatus' | 'appsByHealth'>, apps: readonly AppView[]): void {
  const bySync = new Map<string, number>(syncStatusCodes.map((s) => [s, 0]));
  const byHealth = new Map<string, number>(healthCodes.map((h) => [h, 0]));
  for (const app of apps) {
    const sync = app.status?.syncStatus ?? 'Unknown';
    const health = app.status?.health.status ?? 'Unknown';
    bySync.set(sync, (bySync.get(sync) ?? 0) + 1);
    byHealth.set(health, (byHealth.get(health) ?? 0) + 1);
  }
  for (const [status, n] of bySync) metrics.appsBySyncStatus.set({ status }, n);
  for (const [health, n] of byHealth) metrics.appsByHealth.set({ health }, n);
}
