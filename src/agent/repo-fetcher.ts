import type { Clock } from '../core/model/clock.js';
import type { Source, SourceSpec } from '../source/source.js';
import type { Revision } from '../core/model/revision.js';

/**
 * One fetch per repository at a time and at most one per `freshMs`: many apps of one repository
 * (and a burst of triggers) share a fetch. Between fetches, a revision name resolves once per
 * repository: a thousand apps on `main` of one repository cost one `git` call, not a thousand.
 */
export function createRepoFetcher(source: Source, clock: Clock) {
  const now = () => clock().getTime();
  const repos = new Map<string, { at: number; generation: number; inflight?: Promise<unknown> }>();
  const resolved = new Map<string, { generation: number; revision: Promise<Revision> }>();

  function resolveNoFetch(spec: SourceSpec, generation: number): Promise<Revision> {
    const key = `${spec.repoURL}\n${spec.targetRevision ?? 'HEAD'}`;
    const memo = resolved.get(key);
    if (memo && memo.generation === generation) return memo.revision;
    const revision = source.resolve(spec, { fetch: false });
    resolved.set(key, { generation, revision });
    revision.catch(() => {
      if (resolved.get(key)?.revision === revision) resolved.delete(key);
    });
    return revision;
  }

  return {
    async resolve(spec: SourceSpec, options: { fetch: boolean; freshMs: number }): Promise<Revision> {
      const s = repos.get(spec.repoURL) ?? { at: -Infinity, generation: 0 };
      repos.set(spec.repoURL, s);
      if (s.inflight) {
        await s.inflight.catch(() => undefined);
        return resolveNoFetch(spec, s.generation);
      }
      const fresh = now() - s.at < options.freshMs;
      if (!options.fetch || fresh) return resolveNoFetch(spec, s.generation);
      const fetched = source.resolve(spec, { fetch: true });
      s.inflight = fetched;
      try {
        const revision = await fetched;
        s.at = now();
        s.generation++;
        resolved.set(`${spec.repoURL}\n${spec.targetRevision ?? 'HEAD'}`, {
          generation: s.generation,
          revision: Promise.resolve(revision),
        });
        return revision;
      } catch (error) {
        s.generation++; // a failed fetch may have left refs half-updated: resolve afresh next time
        throw error;
      } finally {
        s.inflight = undefined;
      }
    },
    /** A webhook said the repository changed: the next resolve fetches. */
    markStale(repoURL: string) {
      const s = repos.get(repoURL);
      if (s) s.at = -Infinity;
    },
  };
}
