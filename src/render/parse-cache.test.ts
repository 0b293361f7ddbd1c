import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RenderedObject } from '../core/model/manifest.js';
import { createDirectoryRenderer } from './directory/index.js';
import { contentKey, createFileParseCache, createMemoryParseCache, sourceIdKey, type ParseCache } from './parse-cache.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-parse-cache-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const cm = (name: string, value = '1') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  value: "${value}"\n`;
const objects = (name: string): RenderedObject[] => [
  { object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } }, origin: { file: `${name}.yaml`, line: 1 } },
];

/** A cache that counts what the renderer asked of it. */
function counting(inner: ParseCache) {
  const counts = { hits: 0, misses: 0 };
  const keys: string[] = [];
  const cache: ParseCache = {
    get(key) {
      keys.push(key);
      const hit = inner.get(key);
      if (hit) counts.hits++;
      else counts.misses++;
      return hit;
    },
    put: (key, value) => inner.put(key, value),
    flush: inner.flush && (() => inner.flush!()),
  };
  return { cache, counts, keys };
}

test('a second render parses only the files whose bytes changed, and gives the same objects and origins as a render without cache', async () => {
  const root = path.join(dir, 'repo');
  mkdirSync(path.join(root, 'apps'), { recursive: true });
  for (let i = 0; i < 20; i++) writeFileSync(path.join(root, 'apps', `cm-${i}.yaml`), cm(`cm-${i}`));
  const renderer = createDirectoryRenderer();
  const { cache, counts } = counting(createMemoryParseCache());
  await renderer.render({ root, path: 'apps', parseCache: cache });
  assert.deepEqual(counts, { hits: 0, misses: 20 });

  writeFileSync(path.join(root, 'apps', 'cm-3.yaml'), cm('cm-3', '2'));
  rmSync(path.join(root, 'apps', 'cm-5.yaml'));
  writeFileSync(path.join(root, 'apps', 'renamed.yaml'), cm('cm-5')); // same bytes under another name
  counts.hits = 0;
  counts.misses = 0;
  const cached = await renderer.render({ root, path: 'apps', parseCache: cache });
  assert.deepEqual(counts, { hits: 19, misses: 1 });
  assert.deepEqual(cached, await renderer.render({ root, path: 'apps' }));
  assert.equal(cached.find((o) => o.object.metadata.name === 'cm-5')?.origin?.file, 'apps/renamed.yaml');
});

test('the memory cache hands out copies and keeps the most recently used entries', () => {
  const cache = createMemoryParseCache(2);
  cache.put('a', objects('a'));
  cache.put('b', objects('b'));
  const first = cache.get('a')!;
  first[0].object.metadata.name = 'changed by a caller';
  assert.equal(cache.get('a')![0].object.metadata.name, 'a');
  cache.put('c', objects('c')); // evicts b, the least recently used
  assert.equal(cache.get('b'), undefined);
  assert.ok(cache.get('a') && cache.get('c'));
});

test('the file cache survives the process through flush, keeping only what the last render used', async () => {
  const file = path.join(dir, 'parsed', 'app.json');
  const one = createFileParseCache(file);
  one.put('a', objects('a'));
  one.put('b', objects('b'));
  await one.flush!();
  const two = createFileParseCache(file);
  assert.equal(two.get('a')![0].object.metadata.name, 'a');
  two.put('c', objects('c'));
  await two.flush!(); // this render used a and c
  const three = createFileParseCache(file);
  assert.equal(three.get('b'), undefined);
  assert.deepEqual([three.get('a')?.[0].object.metadata.name, three.get('c')?.[0].object.metadata.name], ['a', 'c']);
  writeFileSync(file, '{ not json');
  assert.equal(createFileParseCache(file).get('a'), undefined, 'a damaged cache file is an empty cache');
});

test('from a tree, files are looked up by the id the source gives their bytes (no hashing), with the same objects as from a checkout', async () => {
  const root = path.join(dir, 'tree-repo');
  mkdirSync(path.join(root, 'apps'), { recursive: true });
  const texts = { 'apps/a.yaml': cm('a'), 'apps/b.yaml': cm('b') };
  for (const [file, text] of Object.entries(texts)) writeFileSync(path.join(root, file), text);
  const tree = {
    revision: { sha: 'f'.repeat(40) },
    path: 'apps',
    directories: new Set(['apps']),
    files: new Map(Object.entries(texts).map(([file, text]) => [file, Buffer.from(text)])),
    ids: new Map([
      ['apps/a.yaml', 'id-of-a'],
      ['apps/b.yaml', 'id-of-b'],
    ]),
  } as unknown as Parameters<NonNullable<ReturnType<typeof createDirectoryRenderer>['renderTree']>>[0]['tree'];
  const renderer = createDirectoryRenderer();
  const { cache, counts, keys } = counting(createMemoryParseCache());
  const fromTree = await renderer.renderTree!({ tree, path: 'apps', parseCache: cache });
  assert.deepEqual(keys, [sourceIdKey('id-of-a'), sourceIdKey('id-of-b')]);
  assert.deepEqual(fromTree, await renderer.render({ root, path: 'apps' }));
  keys.length = 0;
  assert.deepEqual(await renderer.renderTree!({ tree, path: 'apps', parseCache: cache }), fromTree);
  assert.deepEqual(counts, { hits: 2, misses: 2 });
  assert.notEqual(sourceIdKey('x'), contentKey('x'));
});

test('the file cache keeps what this render parsed as it is until flush, and hands out copies of it', async () => {
  const file = path.join(dir, 'parsed', 'by-reference.json');
  const cache = createFileParseCache(file);
  const parsed = objects('a');
  cache.put('a', parsed);
  const copy = cache.get('a')!;
  assert.deepEqual(copy, parsed);
  copy[0].object.metadata.name = 'changed by a caller';
  assert.equal(parsed[0].object.metadata.name, 'a');
  await cache.flush!();
  assert.deepEqual(createFileParseCache(file).get('a'), parsed);
});

test('the key depends on every byte of the text', () => {
  assert.equal(contentKey(cm('x')), contentKey(cm('x')));
  assert.notEqual(contentKey(cm('x')), contentKey(cm('x', '2')));
  assert.notEqual(contentKey('a: 1\n'), contentKey('a: 1\r\n'));
});
