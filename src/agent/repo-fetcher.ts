import type { Revision, Source, SourceSpec } from '../source/source.js';

/**
 * One fetch per repository at a time and at most one per `freshMs`: many apps of one repository
 * (and a burst of triggers) share a fetch; the others resolve against the fresh mirror.
 */
export function createRepoFetcher(source: Source, now: () => number) {
  const state = new Map<string, { at: number; inflight?: Promise<unknown> }>();
  return {
    async resolve(spec: SourceSpec, options: { fetch: boolean; freshMs: number }): Promise<Revision> {
      const key = spec.repoURL;
      const s = state.get(key) ?? { at: 0 };
      state.set(key, s);
      if (s.inflight) { await s.inflight.catch(() => undefined); return source.resolve(spec, { fetch: false }); }
      const fresh = now() - s.at < options.freshMs;
      if (!options.fetch || fresh) return source.resolve(spec, { fetch: false });
      const p = source.resolve(spec, { fetch: true });
      s.inflight = p;
      try {
        const revision = await p;
        s.at = now();
        return revision;
      } finally {
        s.inflight = undefined;
      }
    },
    /** A webhook said the repository changed: the next resolve fetches. */
    markStale(repoURL: string) { const s = state.get(repoURL); if (s) s.at = 0; },
  };
}
