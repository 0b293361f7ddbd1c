import type { RestClient } from '../../target/kubernetes/rest-client.js';
import { APPLICATION_GROUP, APPLICATION_PLURAL, APPLICATION_VERSION } from '../../core/application/crd-schema.js';

/** An Application object as the API server returns it. */
export interface ApplicationObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    deletionTimestamp?: string;
    finalizers?: string[];
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
    [key: string]: unknown;
  };
  spec?: unknown;
  status?: unknown;
}

/** Which namespaces' Applications are watched: named ones, or every namespace. */
export type WatchScope = { all: true } | { all: false; namespaces: string[] };

export interface ApplicationWatch {
  /** Resolves when every watched namespace has been listed once. */
  ready: Promise<void>;
  /** The Applications seen, by `namespace/name`. */
  objects(): ApplicationObject[];
  close(): void;
}

const base = `/apis/${APPLICATION_GROUP}/${APPLICATION_VERSION}`;
export const applicationPath = (namespace: string, name?: string) =>
  `${base}/namespaces/${encodeURIComponent(namespace)}/${APPLICATION_PLURAL}${name ? `/${encodeURIComponent(name)}` : ''}`;
const key = (o: ApplicationObject) => `${o.metadata.namespace}/${o.metadata.name}`;

/**
 * List+watch of Application objects (one watch for all namespaces, or one per named namespace), as a
 * client-go informer: `onChange` is called (debounced by the caller) after each list and each event;
 * a broken or expired watch is re-listed.
 */
export function watchApplications(
  client: RestClient,
  scope: WatchScope,
  onChange: () => void,
  onError: (error: unknown, path: string) => void,
): ApplicationWatch {
  const abort = new AbortController();
  const objects = new Map<string, ApplicationObject>();
  const paths = scope.all ? [`${base}/${APPLICATION_PLURAL}`] : scope.namespaces.map((ns) => applicationPath(ns));

  async function list(path: string): Promise<string> {
    const res = await client.request<{ items?: ApplicationObject[]; metadata?: { resourceVersion?: string } }>('GET', path);
    if (res.status !== 200)
      throw new Error(
        `list ${path}: HTTP ${res.status}${typeof res.body === 'object' ? ` ${(res.body as { message?: string }).message ?? ''}` : ''}`,
      );
    const fresh = new Set<string>();
    for (const item of res.body.items ?? []) {
      const o = { ...item, apiVersion: `${APPLICATION_GROUP}/${APPLICATION_VERSION}`, kind: 'Application' };
      objects.set(key(o), o);
      fresh.add(key(o));
    }
    // Objects of this path that are gone.
    for (const [k, o] of objects) if (!fresh.has(k) && inPath(path, o)) objects.delete(k);
    onChange();
    return res.body.metadata?.resourceVersion ?? '';
  }

  const inPath = (path: string, o: ApplicationObject) => scope.all || path === applicationPath(o.metadata.namespace);

  async function loop(path: string, firstVersion: string): Promise<void> {
    let resourceVersion = firstVersion;
    while (!abort.signal.aborted) {
      let expired = false;
      try {
        await client.stream(
          path,
          { watch: '1', resourceVersion, allowWatchBookmarks: 'true', timeoutSeconds: '300' },
          (line) => {
            const event = JSON.parse(line) as { type: string; object: ApplicationObject };
            if (event.type === 'ERROR') {
              expired = true;
              return;
            }
            if (event.object.metadata?.resourceVersion) resourceVersion = event.object.metadata.resourceVersion;
            if (event.type === 'BOOKMARK') return;
            const o = { ...event.object, apiVersion: `${APPLICATION_GROUP}/${APPLICATION_VERSION}`, kind: 'Application' };
            if (event.type === 'DELETED') objects.delete(key(o));
            else objects.set(key(o), o);
            onChange();
          },
          abort.signal,
        );
      } catch (error) {
        if (abort.signal.aborted) return;
        onError(error, path);
        expired = true;
        await new Promise((r) => setTimeout(r, 1000));
      }
      if (expired && !abort.signal.aborted) {
        try {
          resourceVersion = await list(path);
        } catch (error) {
          onError(error, path);
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    }
  }

  const ready = Promise.all(
    paths.map(async (path) => {
      let version = '';
      for (;;) {
        try {
          version = await list(path);
          break;
        } catch (error) {
          if (abort.signal.aborted) return;
          onError(error, path);
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
      void loop(path, version);
    }),
  ).then(() => undefined);

  return {
    ready,
    objects: () => [...objects.values()],
    close: () => abort.abort(),
  };
}
