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
  /** Starts watching this kind (once); resolves when its initial list is in. */
  ensure(info: ResourceInfo): Promise<void>;
  synced(info: ResourceInfo): boolean;
  /** Objects of this kind with `app`'s label in `namespace` (all namespaces when undefined). */
  owned(info: ResourceInfo, app: string, namespace: string | undefined): Manifest[];
  /** Write-through after Tideway's own apply, so the next read does not see the older object. */
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
  objects: Map<string, Manifest>;
  resourceVersion: string;
  synced: boolean;
  ready: Promise<void>;
  /** Objects Tideway deleted: the resourceVersion last seen, below which their events are stale. */
  forgotten: Map<string, number>;
}

const slim = (o: Manifest): Manifest => {
  const { managedFields: _m, ...metadata } = o.metadata as Manifest['metadata'] & { managedFields?: unknown };
  return { ...o, metadata: metadata as Manifest['metadata'] };
};
const key = (o: Manifest) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const kindKey = (i: ResourceInfo) => `${i.group}/${i.version}/${i.name}`;

export function createWatchCache(client: RestClient, options: { onError?: (error: unknown, info: ResourceInfo) => void } = {}): WatchCache {
  const kinds = new Map<string, KindState>();
  const listeners = new Set<(e: OwnedObjectEvent) => void>();
  const abort = new AbortController();

  const emit = (type: WatchEventType, object: Manifest) => {
    const app = object.metadata.labels?.[APP_LABEL];
    if (!app) return;
    for (const l of listeners) l({ type, app, object });
  };

  async function list(state: KindState): Promise<void> {
    const res = await client.request<{ items?: Manifest[]; metadata?: { resourceVersion?: string } }>(
      'GET',
      resourcePath(state.info, undefined),
      { query: { labelSelector: APP_LABEL } },
    );
    if (res.status !== 200) throw new Error(`list ${state.info.name}: HTTP ${res.status}`);
    const apiVersion = state.info.group ? `${state.info.group}/${state.info.version}` : state.info.version;
    const fresh = new Map<string, Manifest>();
    for (const item of res.body.items ?? []) fresh.set(key(item), slim({ ...item, apiVersion, kind: state.info.kind }));
    if (state.synced) {
      for (const [k, o] of state.objects) if (!fresh.has(k)) emit('DELETED', o);
      for (const [k, o] of fresh)
        if (state.objects.get(k)?.metadata.resourceVersion !== o.metadata.resourceVersion)
          emit(state.objects.has(k) ? 'MODIFIED' : 'ADDED', o);
    }
    state.objects = fresh;
    state.forgotten.clear();
    state.resourceVersion = res.body.metadata?.resourceVersion ?? '';
    state.synced = true;
  }

  async function watchLoop(state: KindState): Promise<void> {
    const apiVersion = state.info.group ? `${state.info.group}/${state.info.version}` : state.info.version;
    while (!abort.signal.aborted) {
      let gone = false;
      try {
        await client.stream(
          resourcePath(state.info, undefined),
          {
            watch: '1',
            labelSelector: APP_LABEL,
            resourceVersion: state.resourceVersion,
            allowWatchBookmarks: 'true',
            timeoutSeconds: '300',
          },
          (line) => {
            const event = JSON.parse(line) as { type: string; object: Manifest & { code?: number } };
            if (event.type === 'ERROR') {
              gone = true;
              return;
            }
            const rv = event.object.metadata?.resourceVersion as string | undefined;
            if (rv) state.resourceVersion = rv;
            if (event.type === 'BOOKMARK') return;
            const object = slim({ ...event.object, apiVersion, kind: state.info.kind });
            const known = state.objects.get(key(object));
            const forgotten = state.forgotten.get(key(object));
            if (forgotten !== undefined) {
              if (event.type === 'DELETED') state.forgotten.delete(key(object));
              else if (Number(rv) <= forgotten) return;
              else state.forgotten.delete(key(object));
            }
            if (event.type === 'DELETED') state.objects.delete(key(object));
            else state.objects.set(key(object), object);
            // The echo of Tideway's own apply (already written through with this resourceVersion) is no drift.
            if (event.type !== 'DELETED' && known && known.metadata.resourceVersion === rv) return;
            emit(event.type as WatchEventType, object);
          },
          abort.signal,
        );
      } catch (error) {
        if (abort.signal.aborted) return;
        options.onError?.(error, state.info);
        await new Promise((r) => setTimeout(r, 500));
        gone = true;
      }
      if (gone && !abort.signal.aborted) {
        try {
          await list(state);
        } catch (error) {
          options.onError?.(error, state.info);
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    }
  }

  return {
    ensure(info) {
      const k = kindKey(info);
      let state = kinds.get(k);
      if (!state) {
        const s: KindState = {
          info,
          objects: new Map(),
          resourceVersion: '',
          synced: false,
          ready: Promise.resolve(),
          forgotten: new Map(),
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
    synced: (info) => kinds.get(kindKey(info))?.synced ?? false,
    owned(info, app, namespace) {
      const state = kinds.get(kindKey(info));
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
      const state = kinds.get(kindKey(info));
      if (!state?.synced) return;
      const current = state.objects.get(key(object));
      // Never replace a newer object seen by the watch with an older response.
      if (current && Number(current.metadata.resourceVersion) > Number(object.metadata.resourceVersion)) return;
      state.objects.set(key(object), slim(object));
      state.forgotten.delete(key(object));
    },
    forget(info, namespace, name) {
      const state = kinds.get(kindKey(info));
      if (!state?.synced) return;
      const k = `${namespace ?? ''}/${name}`;
      const current = state.objects.get(k);
      if (!current) return;
      state.objects.delete(k);
      state.forgotten.set(k, Number(current.metadata.resourceVersion));
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
