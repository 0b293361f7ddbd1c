import path from 'node:path';
import { parseRemoteLocation } from '../render/kustomize/remote-location.js';
import type { Checkout, Source } from '../source/source.js';

/** How long a fetched remote base serves renders before its repository is fetched again. */
const FRESH_MS = 60_000;

/**
 * Kustomize remote bases (`resources: [https://host/org/repo//dir?ref=v1]`, allowed per app by
 * `kustomize.allowRemoteBases` and bounded by its project) fetched through the same git source as
 * the apps' own repositories: its URL checks, credentials, time limits and hardening. A base is
 * fetched at most once a minute; its checkout is kept while it is the latest of its ref.
 */
export function remoteBaseFetcher(source: Source, now: () => number = Date.now): (url: string) => Promise<string> {
  const latest = new Map<string, { checkout: Checkout; fetchedAt: number }>();
  return async (url) => {
    const location = parseRemoteLocation(url);
    const spec = { repoURL: location.repoURL, targetRevision: location.ref ?? 'HEAD', path: location.subdir };
    const key = `${spec.repoURL}#${spec.targetRevision}`;
    const held = latest.get(key);
    const fetch = !held || now() - held.fetchedAt > FRESH_MS;
    const revision = await source.resolve(spec, { fetch });
    let checkout = held?.checkout;
    if (!checkout || checkout.revision.sha !== revision.sha) checkout = await source.checkout(spec, revision.sha);
    latest.set(key, { checkout, fetchedAt: fetch ? now() : held!.fetchedAt });
    return path.join(checkout.dir, location.subdir);
  };
}
