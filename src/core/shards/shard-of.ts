/**
 * The shard of an app: FNV-1a (32-bit) of the UTF-8 bytes of its key (namespace/name, or the file
 * app's name) modulo the shard count. Stable across processes, versions and platforms: every
 * replica computes the same assignment without talking to the others.
 */
export function shardOf(key: string, shards: number): number {
  if (!Number.isInteger(shards) || shards < 1) throw new RangeError(`shards: must be a whole number >= 1, got ${shards}`);
  return fnv1a32(key) % shards;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash >>> 0;
}
