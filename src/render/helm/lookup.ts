import type { LookupFunction } from './render/render-chart.js';

/**
 * `lookup` against the destination cluster (`spec.source.helm.lookup: true`), read-only.
 *
 * Templates run synchronously while cluster reads do not, so the chart is rendered in passes: a pass
 * answers `lookup` from what earlier passes read (an empty map for anything not read yet, as
 * `helm template` answers) and records what it asked; the new requests are read, and the chart is
 * rendered again, until a pass asks nothing new (at most `maxPasses`). A request outside the app's
 * namespaces, or for a Secret when Secrets are not allowed, gets the empty answer and is never sent.
 */
export interface ClusterReader {
  /** The object, or undefined when it does not exist. */
  get(apiVersion: string, kind: string, namespace: string, name: string): Promise<Record<string, unknown> | undefined>;
  /** The objects of a kind (in a namespace, or cluster-wide when namespace is ""). */
  list(apiVersion: string, kind: string, namespace: string): Promise<Record<string, unknown>[]>;
}

export interface LookupPolicy {
  /** Namespaces the app may read; `*` for any. Cluster-scoped reads use namespace "". */
  namespaces: ReadonlySet<string> | '*';
  allowSecrets: boolean;
}

const key = (a: string, k: string, ns: string, n: string) => JSON.stringify([a, k, ns, n]);

export class LookupRefused extends Error {}

/** Runs `render` with a lookup that reads the cluster, in passes (see above); returns the last pass. */
export async function renderWithLookup<T>(
  render: (lookup: LookupFunction) => Promise<T>,
  reader: ClusterReader,
  policy: LookupPolicy,
  maxPasses = 4,
): Promise<T> {
  const answers = new Map<string, Record<string, unknown>>();
  let result: T | undefined;
  for (let pass = 0; pass < maxPasses; pass++) {
    const asked = new Map<string, [string, string, string, string]>();
    const lookup: LookupFunction = (apiVersion, kind, namespace, name) => {
      const k = key(apiVersion, kind, namespace, name);
      const hit = answers.get(k);
      if (hit) return hit;
      asked.set(k, [apiVersion, kind, namespace, name]);
      return {};
    };
    result = await render(lookup);
    const fresh = [...asked].filter(([k]) => !answers.has(k));
    if (fresh.length === 0) return result;
    await Promise.all(
      fresh.map(async ([k, [apiVersion, kind, namespace, name]]) => {
        answers.set(k, await readOne(reader, policy, apiVersion, kind, namespace, name));
      }),
    );
  }
  return result as T;
}

async function readOne(
  reader: ClusterReader,
  policy: LookupPolicy,
  apiVersion: string,
  kind: string,
  namespace: string,
  name: string,
): Promise<Record<string, unknown>> {
  if (kind === 'Secret' && !policy.allowSecrets) return {};
  if (policy.namespaces !== '*' && namespace !== '' && !policy.namespaces.has(namespace)) return {};
  if (policy.namespaces !== '*' && namespace === '' && name === '') return {}; // no cluster-wide lists for a namespaced app
  if (name === '') {
    const items = await reader.list(apiVersion, kind, namespace);
    return { apiVersion, kind: `${kind}List`, items };
  }
  return (await reader.get(apiVersion, kind, namespace, name)) ?? {};
}
