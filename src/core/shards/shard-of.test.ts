import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fnv1a32, shardOf } from './shard-of.js';

test('FNV-1a matches the published 32-bit test vectors', () => {
  const cases: Array<[string, number]> = [
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ];
  for (const [text, hash] of cases) assert.equal(fnv1a32(text), hash, JSON.stringify(text));
});

test('an app keeps its shard across calls and hashes its UTF-8 bytes', () => {
  const cases: Array<[string, number, number]> = [
    ['team-a/web', 3, fnv1a32('team-a/web') % 3],
    ['team-a/web', 1, 0],
    ['é', 7, fnv1a32('\u00e9') % 7],
  ];
  for (const [key, n, shard] of cases) assert.equal(shardOf(key, n), shard, `${key} of ${n}`);
  assert.notEqual(fnv1a32('é'), fnv1a32('e\u0301'), 'different byte sequences, different hashes');
});

test('300 apps spread over 3 shards with none below a fifth', () => {
  const counts = [0, 0, 0];
  for (let i = 0; i < 300; i++) counts[shardOf(`apps/app-${i}`, 3)]++;
  for (const c of counts) assert.ok(c > 60, JSON.stringify(counts));
});

test('a shard count that is not a whole number >= 1 is refused', () => {
  for (const n of [0, -1, 1.5, Number.NaN]) assert.throws(() => shardOf('x', n), /shards: must be a whole number/);
});
