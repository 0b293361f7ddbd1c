import type { Manifest } from '../../core/model/manifest.js';
import { APP_LABEL } from '../../core/inventory/ownership.js';
import { resourcePath } from './discovery.js';
import type { ResourceInfo } from './resource-info.js';
import type { RestClient } from './rest-client.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface OwnedObjectEvent {
  type: WatchEventType;
  app: string;
  object: Manifest;
}

/**
 * A list+watch cache of every object that carries Tideway's app label, one cluster-wide watch per
 * kind in use (as client-go informers). It lets syncs read live state without requests, and it
 * reports changes at once so drift is seen in milliseconds, not at the next poll.
 */
export interface WatchCache {
  /**
   * Starts watching this kind (once); resolves when its initial list is in. A cache scoped to
   * namespaces watches a namespaced kind per namespace (`namespace`), and refuses a cluster-scoped
   * kind or another namespace (the caller lists instead).
   */
  ensure(info: ResourceInfo, namespace?: string): Promise<void>;
  synced(info: ResourceInfo, namespace?: string): boolean;
  /** Objects of this kind with `app`'s label in `namespace` (all namespaces when undefined). */
  owned(info: ResourceInfo, app: string, namespace: string | undefined): Manifest[];
  /**
   * Write-through after Tideway's own apply, so the next read does not see the older object. An
   * answer older than what the cache has seen is dropped: it never replaces a newer version, and
   * never brings back an object whose deletion the watch reported meanwhile.
   */
  put(info: ResourceInfo, object: Manifest): void;
  /**
   * Write-through after Tideway's own delete: the object is gone at once (a hook deleted to be
   * created again must not be read back as unchanged), and watch events of its older versions that
   * arrive late are ignored.
   */
  forget(info: ResourceInfo, namespace: string | undefined, name: string): void;
  onEvent(listener: (event: OwnedObjectEvent) => void): () => void;
  close(): void;
}

interface KindState {
  info: ResourceInfo;
  /** Scoped caches: the one namespace this state lists and watches. */
  namespace?: string;
  objects: Map<string, Manifest>;
  /** The newest resourceVersion the cache has seen for this kind (its list, then every event and bookmark). */
  resourceVersion: string;
  /** Deletions seen by the watch, by key, with the resourceVersion they happened at (see `put`). */
  deleted: Map<string, string>;
  /** When the kind was last listed (the cache's clock). */
  listedAt: number;
  synced: boolean;
  ready: Promise<void>;
  /** Objects Tideway deleted: the resourceVersion last seen, up to which their watch events are stale. */
  forgotten: Map<string, string>;
}

export interface WatchCacheOptions {
  /**
   * Only these namespaces: list and watch each namespaced kind per namespace, never cluster-wide (a
   * least-privilege agent's RBAC refuses cluster-wide lists). Absent: every namespace, one watch per kind.
   */
  namespaces?: readonly string[];
  onError?: (error: unknown, info: ResourceInfo) => void;
  /**
   * Every kind is listed again at least this often (default 10 minutes), as informers re-list: a
   * change the watch never delivered (an event lost across a reconnect) is found and reported.
   */
  relistMs?: number;
  /** The cache's clock in milliseconds (tests). */
  now?: () => number;
  /** Pause after a failed watch or list before trying again (default 500 ms and 1 s). */
  retryMs?: number;
}

/** Most deletions remembered per kind; a re-list clears them (the list is the truth from then on). */
const MAX_TOMBSTONES = 10_000;

const slim = (o: Manifest): Manifest => {
  const { managedFields: _m, ...metadata } = o.metadata as Manifest['metadata'] & { managedFields?: unknown };
  return { ...o, metadata: metadata as Manifest['metadata'] };
};
const key = (o: Manifest) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const kindKey = (i: ResourceInfo, namespace?: string) => `${i.group}/${i.version}/${i.name}|${namespace ?? ''}`;
const rvOf = (o: Manifest) => o.metadata.resourceVersion as string | undefined;

/**
 * Whether resourceVersion `a` is not newer than `b`: both are etcd revisions (decimal integers) on
 * every API server Tideway talks to, compared as such; undefined when either is not a number (then
 * nothing is assumed about their order).
 */
export function notNewer(a: string | undefined, b: string | undefined): boolean | undefined {
  if (!a || !b || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return undefined;
  return BigInt(a) <= BigInt(b);
}

export function createWatchCache(client: RestClient, options: WatchCacheOptions = {}): WatchCache {
  const kinds = new Map<string, KindState>();
  const listeners = new Set<(e: OwnedObjectEvent) => void>();
  const abort = new AbortController();
  const relistMs = options.relistMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const retryMs = options.retryMs ?? 500;
  const scope = options.namespaces ? new Set(options.namespaces) : undefined;
  /** The state's namespace: in a scoped cache, the object's (namespaced kinds only); otherwise none. */
  const scopeOf = (info: ResourceInfo, namespace: string | undefined) => (scope && info.namespaced ? namespace : undefined);

  const emit = (type: WatchEventType, object: Manifest) => {
    const app = object.metadata.labels?.[APP_LABEL];
    if (!app) return;
    for (const l of listeners) l({ type, app, object });
  };

  async function list(state: KindState): Promise<void> {
    const res = await client.request<{ items?: Manifest[]; metadata?: { resourceVersion?: string } }>(
      'GET',
      resourcePath(state.info, state.namespace),
      { query: { labelSelector: APP_LABEL } },
    );
    if (res.status !== 200) throw new Error(`list ${state.info.name}: HTTP ${res.status}`);
    const apiVersion = state.info.group ? `${state.info.group}/${state.info.version}` : state.info.version;
    const listRv = res.body.metadata?.resourceVersion ?? '';
    const fresh = new Map<string, Manifest>();
    for (const item of res.body.items ?? []) fresh.set(key(item), slim({ ...item, apiVersion, kind: state.info.kind }));
    // Written through while the list was in flight, newer than the list: kept (its watch event follows).
    for (const [k, o] of state.objects) if (!fresh.has(k) && notNewer(rvOf(o), listRv) === false) fresh.set(k, o);
    if (state.synced) {
      for (const [k, o] of state.objects) if (!fresh.has(k)) emit('DELETED', o);
      for (const [k, o] of fresh) {
        const old = state.objects.get(k);
        if (!old || rvOf(old) !== rvOf(o)) emit(old ? 'MODIFIED' : 'ADDED', o);
      }
    }
    state.objects = fresh;
    state.resourceVersion = listRv;
    state.deleted.clear();
    state.listedAt = now();
    state.forgotten.clear();
    state.synced = true;
  }

  /** Applies one watch event to the cache and reports it (the echo of Tideway's own write excepted). */
  function onWatchEvent(state: KindState, type: WatchEventType, object: Manifest): void {
    const k = key(object);
    const rv = rvOf(object);
    const known = state.objects.get(k);
    const forgottenAt = state.forgotten.get(k);
    if (forgottenAt !== undefined) {
      if (type !== 'DELETED' && rv && notNewer(rv, forgottenAt) === true) return; // a late event of what Tideway deleted
      state.forgotten.delete(k);
    }
    if (type === 'DELETED') {
      state.objects.delete(k);
      if (state.deleted.size >= MAX_TOMBSTONES) state.deleted.clear();
      state.deleted.set(k, rv ?? '');
    } else {
      state.objects.set(k, object);
      state.deleted.delete(k);
      // The echo of Tideway's own apply (already written through with this resourceVersion) is no drift.
      if (known && rvOf(known) === rv) return;
    }
    emit(type, object);
  }

  async function watchLoop(state: KindState): Promise<void> {
    const apiVersion = state.info.group ? `${state.info.group}/${state.info.version}` : state.info.version;
    while (!abort.signal.aborted) {
      let relist = false;
      const untilRelist = Math.max(1, Math.ceil((relistMs - (now() - state.listedAt)) / 1000));
      try {
        await client.stream(
          resourcePath(state.info, state.namespace),
          {
            watch: '1',
            labelSelector: APP_LABEL,
            resourceVersion: state.resourceVersion,
            allowWatchBookmarks: 'true',
            timeoutSeconds: String(Math.min(300, untilRelist)),
          },
          (line) => {
            const event = JSON.parse(line) as { type: string; object: Manifest & { code?: number } };
            if (event.type === 'ERROR') {
              relist = true; // 410 Gone: the resourceVersion is too old to resume from
              return;
            }
            const rv = rvOf(event.object);
            if (rv) state.resourceVersion = rv;
            if (event.type === 'BOOKMARK') return;
            onWatchEvent(state, event.type as WatchEventType, slim({ ...event.object, apiVersion, kind: state.info.kind }));
          },
          abort.signal,
        );
      } catch (error) {
        if (abort.signal.aborted) return;
        options.onError?.(error, state.info);
        await new Promise((r) => setTimeout(r, retryMs));
        relist = true;
      }
      // Informers re-list from time to time: whatever the watch missed is found and reported.
      if (now() - state.listedAt >= relistMs) relist = true;
      if (relist && !abort.signal.aborted) {
        try {
          await list(state);
        } catch (error) {
          options.onError?.(error, state.info);
          await new Promise((r) => setTimeout(r, 2 * retryMs));
        }
      }
    }
  }

  return {
    ensure(info, namespace) {
      if (scope && (!info.namespaced || namespace === undefined || !scope.has(namespace)))
        return Promise.reject(new Error(`${info.name}${namespace ? ` in ${namespace}` : ''}: outside the watched namespaces`));
      const k = kindKey(info, scopeOf(info, namespace));
      let state = kinds.get(k);
      if (!state) {
        const s: KindState = {
          info,
          ...(scope && { namespace }),
          objects: new Map(),
          resourceVersion: '',
          deleted: new Map(),
          forgotten: new Map(),
          listedAt: now(),
          synced: false,
          ready: Promise.resolve(),
        };
        s.ready = list(s).then(() => {
          void watchLoop(s);
        });
        s.ready.catch(() => kinds.delete(k));
        kinds.set(k, s);
        state = s;
      }
      return state.ready;
    },
    synced: (info, namespace) => kinds.get(kindKey(info, scopeOf(info, namespace)))?.synced ?? false,
    owned(info, app, namespace) {
      const state = kinds.get(kindKey(info, scopeOf(info, namespace)));
      if (!state) return [];
      const out: Manifest[] = [];
      for (const o of state.objects.values()) {
        if (o.metadata.labels?.[APP_LABEL] !== app) continue;
        if (namespace !== undefined && info.namespaced && o.metadata.namespace !== namespace) continue;
        out.push(o);
      }
      return out;
    },
    put(info, object) {
      const state = kinds.get(kindKey(info, scopeOf(info, object.metadata.namespace)));
      if (!state?.synced) return;
      const k = key(object);
      const rv = rvOf(object);
      const current = state.objects.get(k);
      // Never replace what the watch has shown with an older (or the same) version.
      if (current) {
        if (notNewer(rv, rvOf(current)) === true) return;
      } else {
        // Deleted since this version was written (the DELETE event came before the apply's answer): not brought back.
        const deletedAt = state.deleted.get(k);
        if (deletedAt !== undefined && notNewer(rv, deletedAt) !== false) return;
        // The cache has seen the kind past this version and does not hold the object: it is gone (or no longer ours).
        if (notNewer(rv, state.resourceVersion) === true) return;
      }
      state.objects.set(k, slim(object));
    },
    forget(info, namespace, name) {
      const state = kinds.get(kindKey(info, scopeOf(info, namespace)));
      if (!state?.synced) return;
      const k = `${namespace ?? ''}/${name}`;
      const current = state.objects.get(k);
      if (!current) return;
      state.objects.delete(k);
      // An older answer is not brought back (the tombstone), nor are late watch events of versions up to this one.
      state.deleted.set(k, rvOf(current) ?? '');
      state.forgotten.set(k, rvOf(current) ?? '');
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      abort.abort();
    },
  };
}
