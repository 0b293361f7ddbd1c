import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRepoFetcher } from './repo-fetcher.js';
import type { Source, SourceSpec } from '../source/source.js';
import type { Revision } from '../core/model/revision.js';

function countingSource() {
  const calls: Array<{ fetch: boolean }> = [];
  let head = 'a'.repeat(40);
  const source: Source = {
    async resolve(_spec: SourceSpec, options?: { fetch?: boolean }): Promise<Revision> {
      calls.push({ fetch: options?.fetch !== false });
      await new Promise((r) => setTimeout(r, 5));
      return { sha: head };
    },
    async checkout() {
      throw new Error('not used');
    },
  };
  return {
    source,
    calls,
    setHead: (sha: string) => {
      head = sha;
    },
  };
}

test('many apps of one repository share one fetch and one resolve per fetch', async () => {
  const { source, calls } = countingSource();
  let now = 0;
  const f = createRepoFetcher(source, () => new Date(now));
  const spec = { repoURL: '/r', targetRevision: 'main' };
  await Promise.all(Array.from({ length: 50 }, () => f.resolve(spec, { fetch: true, freshMs: 1000 })));
  assert.equal(calls.filter((c) => c.fetch).length, 1);
  assert.equal(calls.filter((c) => !c.fetch).length, 0, 'the fetched revision serves the waiting apps');
  now = 10;
  await Promise.all(Array.from({ length: 50 }, () => f.resolve(spec, { fetch: true, freshMs: 1000 })));
  assert.equal(calls.length, 1, 'a fresh repository is neither fetched nor resolved again');
});

test('after a webhook marks the repository stale, the next resolve fetches and sees the new commit', async () => {
  const { source, calls, setHead } = countingSource();
  const f = createRepoFetcher(source, () => new Date(0));
  const spec = { repoURL: '/r', targetRevision: 'main' };
  await f.resolve(spec, { fetch: true, freshMs: 60_000 });
  setHead('b'.repeat(40));
  f.markStale('/r');
  assert.equal((await f.resolve(spec, { fetch: true, freshMs: 60_000 })).sha, 'b'.repeat(40));
  assert.equal(calls.filter((c) => c.fetch).length, 2);
});
