import type { AppRegistry } from '../app-registry.js';
import type { AgentMetrics } from '../metrics.js';
import type { AgentSharding } from './agent-sharding.js';
import type { ShardView } from './shard-leases.js';

/** After each Lease round: apps per shard, the holder of each shard (1 for the current holder), transitions, replicas alive. */
export function recordShardMetrics(metrics: AgentMetrics, view: ShardView, registry: AppRegistry, sharding: AgentSharding): void {
  const counts = view.holders.map(() => 0);
  for (const { app } of registry.list()) counts[sharding.shardOf(app.name)]++;
  metrics.shardApps.reset();
  metrics.shardHolder.reset();
  for (const h of view.holders) {
    metrics.shardApps.set({ shard: String(h.shard) }, counts[h.shard]);
    metrics.shardHolder.set({ shard: String(h.shard), holder: h.holder }, 1);
    metrics.shardTransitions.set({ shard: String(h.shard) }, h.transitions);
  }
  metrics.shardOwned.set({ replica: sharding.replicaId }, view.owned.length);
  metrics.liveReplicas.set(view.liveReplicas);
}
