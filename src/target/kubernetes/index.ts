import { createHash } from 'node:crypto';
import path from 'node:path';
import { builtinHealthChecks } from '../../core/health/health-of.js';
import { statuslessAware } from './statusless-health.js';
import type { Manifest } from '../../core/model/manifest.js';
import { refKey, refOf, apiVersionOf, type ObjectRef, refString } from '../../core/model/object-ref.js';
import { decideOwnership } from '../../core/inventory/adopt-decision.js';
import { APP_LABEL } from '../../core/inventory/ownership.js';
import { mapLimit } from '../../concurrency/map-limit.js';
import type { ChangeSetEntry, DiffEntry } from '../../core/sync/change-set.js';
import type { AppIdentity, ApplyOptions, DiffOptions, PruneOptions, Target } from '../target.js';
import { readSecret } from './read-secret.js';
import { applyObject } from './apply-object.js';
import { crdScopes } from '../../core/plan/crd-scopes.js';
import { diffObject, newObjectDiff } from './diff-object.js';
import { createFileDiscoveryStore } from './discovery-store.js';
import { createDiscovery, resourcePath, scopeOfInfo, type Discovery } from './discovery.js';
import type { ResourceInfo } from './resource-info.js';
import { readInventory, writeInventory } from './inventory-configmap.js';
import { pruneObject } from './prune-object.js';
import { createRestClient, statusMessage, type KubeconfigSelection, type RestClient } from './rest-client.js';
import { FIELD_MANAGER, serverSideApply } from './server-side-apply.js';
import { hashWhile } from './desired-hash.js';
import { waitReady } from './wait-ready.js';
import { createWatchCache, type OwnedObjectEvent, type WatchCache } from './watch-cache.js';

export type { OwnedObjectEvent };

export interface KubernetesTarget extends Target {
  readonly client: RestClient;
  readonly discovery: Discovery;
  /** Present when created with `watch: true`: changes to owned objects, as they happen. */
  onOwnedEvent?(listener: (event: OwnedObjectEvent) => void): () => void;
  close(): void;
}

export interface KubernetesTargetOptions extends KubeconfigSelection {
  /** After every API request: whether the server answered (see RestClientOptions.onResult). */
  onRequestResult?: (answered: boolean) => void;
  /** Requests in flight at once (default 32). */
  concurrency?: number;
  /** Keep a watch-backed cache of owned objects (long-running agent): live state without list requests, drift events. */
  watch?: boolean;
  /** With `watch`: list and watch only these namespaces (a least-privilege agent); other reads are direct lists. */
  watchNamespaces?: readonly string[];
  /**
   * Keep what discovery finds in this directory, one file per API server, trusted for ten minutes
   * (the command line, a process per run, as kubectl does): a run then asks only for kinds it has
   * not seen. A long-running agent keeps discovery in memory instead.
   */
  discoveryCacheDir?: string;
  onWatchError?: (error: unknown, kind: string) => void;
}

export { resolveKubeconfig } from './kubeconfig.js';

/** How long a prefetched list may be used by an apply (a sync reads it within its render time). */
const PREFETCH_TTL_MS = 10_000;

export function createKubernetesTarget(options: KubernetesTargetOptions): KubernetesTarget {
  const client = createRestClient(options, { onResult: options.onRequestResult });
  const store = options.discoveryCacheDir
    ? createFileDiscoveryStore(
        path.join(options.discoveryCacheDir, `${createHash('sha256').update(client.server).digest('hex').slice(0, 32)}.json`),
        client.server,
      )
    : undefined;
  const discovery = createDiscovery(client, store);
  const concurrency = options.concurrency ?? 32;
  const cache: WatchCache | undefined = options.watch
    ? createWatchCache(client, { onError: (e, i) => options.onWatchError?.(e, i.name), namespaces: options.watchNamespaces })
    : undefined;

  async function infos(objects: Array<{ apiVersion: string; kind: string }>): Promise<Map<string, ResourceInfo | undefined>> {
    const keys = [...new Set(objects.map((o) => `${o.apiVersion}|${o.kind}`))];
    const out = new Map<string, ResourceInfo | undefined>();
    await Promise.all(
      keys.map(async (k) => {
        const [apiVersion, kind] = k.split('|');
        out.set(k, await discovery.lookup(apiVersion, kind));
      }),
    );
    return out;
  }

  /** The app's live objects of one kind in one namespace (or cluster-wide): the watch cache, else one labelled list. */
  async function listGroup(app: string, i: ResourceInfo, namespace: string | undefined, fresh = false): Promise<Map<string, Manifest>> {
    const live = new Map<string, Manifest>();
    if (cache && !fresh) {
      try {
        await cache.ensure(i, namespace);
        for (const obj of cache.owned(i, app, namespace)) live.set(refKey(refOf(obj)), obj);
        return live;
      } catch {
        /* fall back to a list */
      }
    }
    // resourceVersion=0: served from the API server's watch cache, not read through from etcd. It may
    // trail by a moment, as Argo CD's and Flux's caches do; a stale object only costs a dry run.
    const res = await client.request<{ items?: Manifest[] }>('GET', resourcePath(i, namespace), {
      query: { labelSelector: `${APP_LABEL}=${app}`, resourceVersion: fresh ? undefined : '0' },
    });
    if (res.status !== 200) return live;
    for (const item of res.body.items ?? []) {
      const obj = { ...item, apiVersion: i.group ? `${i.group}/${i.version}` : i.version, kind: i.kind };
      live.set(refKey(refOf(obj)), obj);
    }
    return live;
  }

  /** Lists started by `prefetch`, each taken by the first apply that needs it, if still fresh. */
  const prefetched = new Map<string, { at: number; live: Promise<Map<string, Manifest>> }>();
  /** Per app, the prefetch still looking up kinds: an apply waits for it rather than listing twice. */
  const prefetching = new Map<string, Promise<void>>();
  const groupKey = (app: string, i: ResourceInfo, namespace: string | undefined) =>
    `${app}|${i.group}/${i.version}|${i.kind}|${namespace ?? ''}`;

  /** The (kind, namespace) groups of these objects that the server knows. */
  function groupsOf(
    objects: Array<{ apiVersion: string; kind: string; metadata?: { namespace?: string } }>,
    info: Map<string, ResourceInfo | undefined>,
  ) {
    const groups = new Map<string, { info: ResourceInfo; namespace?: string }>();
    for (const o of objects) {
      const i = info.get(`${o.apiVersion}|${o.kind}`);
      if (!i) continue;
      const ns = i.namespaced ? o.metadata?.namespace : undefined;
      groups.set(`${o.apiVersion}|${o.kind}|${ns ?? ''}`, { info: i, namespace: ns });
    }
    return [...groups.values()];
  }

  /** The app's live objects of the given kinds and namespaces, by one labelled list per kind and namespace. */
  async function listOwned(
    app: string,
    objects: Manifest[],
    info: Map<string, ResourceInfo | undefined>,
    newNamespaces: readonly string[] = [],
    fresh = false,
  ): Promise<Map<string, Manifest>> {
    const live = new Map<string, Manifest>();
    await prefetching.get(app);
    const groups = groupsOf(objects, info).filter((g) => g.namespace === undefined || !newNamespaces.includes(g.namespace));
    await mapLimit(groups, concurrency, async ({ info: i, namespace }) => {
      const key = groupKey(app, i, namespace);
      const early = prefetched.get(key);
      prefetched.delete(key);
      const recent = !fresh && early && Date.now() - early.at < PREFETCH_TTL_MS ? await early.live.catch(() => undefined) : undefined;
      for (const [k, obj] of recent ?? (await listGroup(app, i, namespace, fresh))) live.set(k, obj);
    });
    return live;
  }

  /** The existing objects among `objects`, owned by anyone, by one unlabelled list per kind and namespace. */
  async function listExisting(
    objects: Manifest[],
    info: Map<string, ResourceInfo | undefined>,
    newNamespaces: readonly string[] = [],
    fresh = false,
  ): Promise<Map<string, Manifest>> {
    const found = new Map<string, Manifest>();
    const wanted = new Set(objects.map((o) => refKey(refOf(o))));
    const groups = groupsOf(objects, info).filter((g) => g.namespace === undefined || !newNamespaces.includes(g.namespace));
    await mapLimit(groups, concurrency, async ({ info: i, namespace }) => {
      const res = await client.request<{ items?: Manifest[] }>('GET', resourcePath(i, namespace), {
        query: { resourceVersion: fresh ? undefined : '0' },
      });
      if (res.status !== 200) return;
      for (const item of res.body.items ?? []) {
        const obj = { ...item, apiVersion: i.group ? `${i.group}/${i.version}` : i.version, kind: i.kind };
        const key = refKey(refOf(obj));
        if (wanted.has(key)) found.set(key, obj);
      }
    });
    return found;
  }

  const healthTable = statuslessAware(builtinHealthChecks, discovery);

  return {
    client,
    discovery,
    describe: () => `kubernetes ${client.server} (context ${client.contextName})`,
    healthTable,

    async scopes(objects) {
      const fromCrds = crdScopes(objects);
      await infos(
        objects.filter((o) => !fromCrds.has(`${o.apiVersion.split('/').length > 1 ? o.apiVersion.split('/')[0] : ''}/${o.kind}`)),
      );
      return ({ apiVersion, kind }) => {
        const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
        return fromCrds.get(`${group}/${kind}`) ?? scopeOfInfo(discovery.cached(apiVersion, kind));
      };
    },

    async apply(app, objects, givenOptions) {
      const applyOptions = givenOptions.healthTable ? givenOptions : { ...givenOptions, healthTable };
      const info = await infos(objects);
      const listing = listOwned(app.name, objects, info, applyOptions.newNamespaces, applyOptions.freshRead);
      let listed = false;
      listing.then(
        () => {
          listed = true;
        },
        () => {
          listed = true;
        },
      );
      // Hashed while the lists are in flight (a no-op re-sync spends most of its CPU here); once they
      // are in, or when there is nothing to list (a first sync), each object is hashed just before its
      // request, so the first requests do not wait for the last object's hash.
      const hashed = await hashWhile(objects, () => !listed);
      const live = await listing;
      // Objects the app does not own yet may still exist, made by hand or owned by another app or tool:
      // one unlabelled list per kind and namespace finds them (none in a namespace the sync just created).
      const foreign = await listExisting(
        objects.filter((o) => !live.has(refKey(refOf(o)))),
        info,
        applyOptions.newNamespaces,
        applyOptions.freshRead,
      );
      const adoptPolicy = applyOptions.adopt ?? { adopt: false, adoptFrom: [] };
      return mapLimit(objects, concurrency, async (object, at): Promise<ChangeSetEntry> => {
        const ref = refOf(object);
        const i = info.get(`${object.apiVersion}|${object.kind}`);
        if (!i)
          return {
            ref,
            action: 'failed',
            reason: 'UnknownKind',
            message: `${refString(ref)}: the server has no kind ${object.kind} in ${object.apiVersion}`,
          };
        if (applyOptions.dryRun && i.namespaced && applyOptions.newNamespaces?.includes(object.metadata.namespace ?? '')) {
          return {
            ref,
            action: 'created',
            message: `${refString(ref)}: would be created in namespace ${object.metadata.namespace}, which the sync creates first (not dry-run: the namespace does not exist yet)`,
          };
        }
        if (i.namespaced && !object.metadata.namespace) {
          return {
            ref,
            action: 'failed',
            reason: 'NamespaceRequired',
            message: `${refString(ref)}: namespaced object with no namespace, and the application sets no destination.namespace`,
          };
        }
        const existing = foreign.get(refKey(ref));
        const ownership = decideOwnership(existing, app.name, adoptPolicy);
        if (ownership.decision === 'refuse') {
          return { ref, action: 'failed', reason: ownership.reason, message: `${refString(ref)} ${ownership.message}` };
        }
        try {
          const outcome = await applyObject(client, i, object, live.get(refKey(ref)) ?? existing, applyOptions, hashed[at]);
          if (ownership.decision === 'adopt' && outcome.entry.action !== 'failed') {
            outcome.entry = {
              ...outcome.entry,
              reason: 'Adopted',
              message: `${refString(ref)} adopted: it existed${ownership.from ? `, managed by ${ownership.from}` : ' and nobody managed it'}`,
            };
          }
          // The server no longer serves this kind (a stored discovery answer went stale): ask again next time.
          if (outcome.entry.reason === 'NotFound' || outcome.entry.reason === 'HTTP404') discovery.invalidate(object.apiVersion);
          if (cache && outcome.live && !applyOptions.dryRun && outcome.entry.action !== 'failed') cache.put(i, outcome.live);
          return outcome.entry;
        } catch (error) {
          return { ref, action: 'failed', reason: 'RequestFailed', message: `${refString(ref)}: ${(error as Error).message}` };
        }
      });
    },

    waitReady: (objects, timeoutMs) => waitReady(client, discovery, objects, timeoutMs),

    readSecret: (namespace, name) => readSecret(client, namespace, name),

    async prune(app, refs, pruneOptions: PruneOptions) {
      const info = await infos(refs.map((r) => ({ apiVersion: apiVersionOf(r), kind: r.kind })));
      return mapLimit(refs, concurrency, async (ref) => {
        try {
          const i = info.get(`${apiVersionOf(ref)}|${ref.kind}`);
          const entry = await pruneObject(client, i, app.name, ref, pruneOptions);
          if (cache && i && entry.action === 'pruned' && !pruneOptions.dryRun) cache.forget(i, ref.namespace, ref.name);
          return entry;
        } catch (error) {
          return {
            ref,
            action: 'failed',
            reason: 'RequestFailed',
            message: `${refString(ref)}: ${(error as Error).message}`,
          } satisfies ChangeSetEntry;
        }
      });
    },

    async diff(_app: AppIdentity, objects: Manifest[], diffOptions: DiffOptions = {}): Promise<DiffEntry[]> {
      const info = await infos(objects);
      return mapLimit(objects, concurrency, async (object) => {
        const i = info.get(`${object.apiVersion}|${object.kind}`);
        const ref = refOf(object);
        if (i?.namespaced && diffOptions.newNamespaces?.includes(object.metadata.namespace ?? ''))
          return newObjectDiff(object, diffOptions.sensitive);
        if (!i)
          return {
            ref,
            change: 'error',
            diff: '',
            reason: 'UnknownKind',
            message: `${refString(ref)}: the server has no kind ${object.kind} in ${object.apiVersion}`,
          } satisfies DiffEntry;
        // Git wins, as in a sync: the diff shows fields others changed being taken back, not a conflict.
        return diffObject(client, i, object, {
          force: true,
          sensitive: diffOptions.sensitive,
          ignoreDifferences: diffOptions.ignoreDifferences,
        });
      });
    },

    async getLive(refs: ObjectRef[]) {
      const info = await infos(refs.map((r) => ({ apiVersion: apiVersionOf(r), kind: r.kind })));
      return mapLimit(refs, concurrency, async (ref) => {
        const i = info.get(`${apiVersionOf(ref)}|${ref.kind}`);
        if (!i) return undefined;
        const res = await client.request<Manifest>('GET', resourcePath(i, ref.namespace, ref.name));
        return res.status === 200 ? res.body : undefined;
      });
    },

    async ensureNamespace(namespace: string, applyOptions: ApplyOptions & { likelyMissing?: boolean }): Promise<ChangeSetEntry> {
      const ref: ObjectRef = { group: '', version: 'v1', kind: 'Namespace', name: namespace };
      const info: ResourceInfo = { name: 'namespaces', namespaced: false, group: '', version: 'v1', kind: 'Namespace' };
      const body = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } };
      // On a first sync, one create request: "already exists" writes nothing. Otherwise (the namespace
      // most likely exists, and a read is cheaper for the API server), a dry run, or a user who may
      // not create namespaces: a read first.
      let res =
        applyOptions.dryRun || !applyOptions.likelyMissing
          ? undefined
          : await client.request('POST', '/api/v1/namespaces', { query: { fieldManager: FIELD_MANAGER }, body });
      if (res?.status === 409) return { ref, action: 'unchanged' };
      if (!res || res.status === 403) {
        const got = await client.request('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}`);
        if (got.status === 200) return { ref, action: 'unchanged' };
        res = await serverSideApply(client, info, body, { dryRun: applyOptions.dryRun });
      }
      if (res.status >= 300) return { ref, action: 'failed', message: `Namespace/${namespace}: ${statusMessage(res)}` };
      // A new namespace is normally Active as created; only otherwise is it polled.
      const active = (res.body as { status?: { phase?: string } }).status?.phase === 'Active';
      if (!applyOptions.dryRun && !active) await waitReady(client, discovery, [body], 30_000);
      return { ref, action: 'created' };
    },

    prefetch(app, refs) {
      if (cache || refs.length === 0) return; // the watch cache has them already
      const objects = refs.map((r) => ({ apiVersion: apiVersionOf(r), kind: r.kind, metadata: { namespace: r.namespace } }));
      const started = infos(objects).then(
        (info) => {
          for (const { info: i, namespace } of groupsOf(objects, info)) {
            const live = listGroup(app.name, i, namespace);
            live.catch(() => {
              /* the apply lists again */
            });
            prefetched.set(groupKey(app.name, i, namespace), { at: Date.now(), live });
          }
        },
        () => {
          /* discovery is tried again by the sync */
        },
      );
      prefetching.set(app.name, started);
      void started.then(() => {
        if (prefetching.get(app.name) === started) prefetching.delete(app.name);
      });
    },

    readInventory: (app) => readInventory(client, app),
    writeInventory: (app, inventory) => writeInventory(client, app, inventory),
    onOwnedEvent: cache ? (listener) => cache.onEvent(listener) : undefined,
    close: () => {
      cache?.close();
      client.close();
    },
  };
}
