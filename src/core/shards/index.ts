export { shardOf, fnv1a32 } from './shard-of.js';
export * from './lease-record.js';
export * from './plan-shards.js';
export * from './app-lifecycle-audit.js';
export * from './plan-webhook-forwards.js';
