import type { ResolvedApplication } from '../../core/application/application.js';
import { CASCADE_FINALIZER, resolveApplication } from '../../core/application/resolve-application.js';
import type { Logger } from '../../log/logger.js';
import type { Store } from '../../store/store.js';
import type { AgentEvents } from '../agent-events.js';
import type { AppOrigin, AppRegistry } from '../app-registry.js';
import type { RestClient } from '../../target/kubernetes/rest-client.js';
import { applicationStatus, STATUS_HISTORY, type StatusCondition } from './application-status.js';
import { type ApplicationObject, applicationPath, watchApplications, type WatchScope } from './application-watch.js';
import { createEventRecorder } from './event-recorder.js';

/** Ask for an immediate refresh (fetch, compare, sync if automated), as Argo CD's `argocd.argoproj.io/refresh`. */
export const REFRESH_ANNOTATION = 'tideway.dev/refresh';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface ClusterAppsDeps {
  client: RestClient;
  scope: WatchScope;
  registry: AppRegistry;
  store: Store;
  events: AgentEvents;
  log: Logger;
  clock: () => Date;
  /** Replaces the apps of one origin; resolves once removed apps are removed (their cascading deletion done). */
  apply(origin: AppOrigin, apps: ResolvedApplication[]): Promise<void>;
  refresh(name: string, who: string): Promise<unknown>;
  /**
   * Sharded replicas: whether this replica owns the app now. A non-owner leaves the refresh annotation,
   * the status and the finalizer to the owner (default: every app is this agent's).
   */
  owns?(name: string, namespace: string): boolean;
  /**
   * Deletes (cascading) the objects of an app this agent never registered: an Application deleted
   * with the finalizer while no agent ran, found already terminating. Without it, such objects are left.
   */
  forget?(app: ResolvedApplication, origin: AppOrigin): Promise<void>;
  /** Delay between a change and its handling, and between status writes of one app (default 50 ms). */
  debounceMs?: number;
}

export interface ClusterApps {
  ready: Promise<void>;
  close(): void;
}

/**
 * The third origin of the agent's apps: Application objects in the cluster. Each valid object is
 * registered (origin `cluster`, with its namespace); an invalid one gets an `InvalidSpec` condition and
 * a Warning event; a deleted one stops being managed (its objects pruned first when it carries the
 * cascade finalizer, which is then removed). Status is written to the status subresource after every
 * status change of the app.
 */
export function startClusterApps(deps: ClusterAppsDeps): ClusterApps {
  const { client, log, registry } = deps;
  const debounce = deps.debounceMs ?? 50;
  const recorder = createEventRecorder(client, log, deps.clock);
  const known = new Map<string, ApplicationObject>(); // by app name, the object currently registered
  const namespaces = new Set<string>(deps.scope.all ? [] : deps.scope.namespaces);
  const invalidSeen = new Map<string, string>(); // namespace/name -> resourceVersion reported
  const refreshSeen = new Set<string>(); // namespace/name@resourceVersion handled
  const forgotten = new Set<string>(); // uids of terminating objects whose objects this agent deleted
  const statusTimers = new Map<string, NodeJS.Timeout>();
  const owns = (o: ApplicationObject) => !deps.owns || deps.owns(o.metadata.name, o.metadata.namespace);
  let syncTimer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let closed = false;

  const watch = watchApplications(
    client,
    deps.scope,
    () => scheduleSync(),
    (error, path) => log.warn({ path, err: (error as Error).message }, 'Application watch interrupted; re-listing'),
  );

  function scheduleSync() {
    if (closed || syncTimer) return;
    syncTimer = setTimeout(() => {
      syncTimer = undefined;
      running = running
        .then(syncRegistry)
        .catch((error) => log.error({ err: (error as Error).message }, 'cluster Applications not handled'));
    }, debounce);
  }

  async function syncRegistry(): Promise<void> {
    if (closed) return;
    const byNamespace = new Map<string, ResolvedApplication[]>([...namespaces].map((ns) => [ns, []]));
    const deleting: { o: ApplicationObject; registeredBefore: boolean }[] = [];
    const refreshing: ApplicationObject[] = [];
    const current = new Map<string, ApplicationObject>();
    for (const o of watch.objects()) {
      const ns = o.metadata.namespace;
      namespaces.add(ns);
      if (!byNamespace.has(ns)) byNamespace.set(ns, []);
      if (o.metadata.deletionTimestamp) {
        // Registered by an earlier pass: removing it from the origin below does its cascading deletion.
        deleting.push({ o, registeredBefore: known.get(o.metadata.name)?.metadata.namespace === ns });
        continue;
      }
      try {
        const app = resolveApplication(cleaned(o));
        byNamespace.get(ns)!.push(app);
        current.set(app.name, o);
        invalidSeen.delete(`${ns}/${o.metadata.name}`);
        if (o.metadata.annotations?.[REFRESH_ANNOTATION] !== undefined) refreshing.push(o);
      } catch (error) {
        reportInvalid(o, (error as Error).message);
      }
    }
    for (const [ns, apps] of byNamespace) await deps.apply({ kind: 'cluster', namespace: ns }, apps);
    for (const [name, o] of current) {
      const entry = registry.get(name);
      if (entry?.origin.kind === 'cluster' && entry.origin.namespace === o.metadata.namespace) {
        const before = known.get(name);
        if (!before) recorder.record(o, 'Normal', 'Registered', 'the agent manages this Application');
        known.set(name, o);
        // Only a new object or a new spec: a status write of ours moves the resourceVersion, and must not loop.
        if (before?.metadata.generation !== o.metadata.generation) scheduleStatus(name);
      } else reportConflict(o);
    }
    for (const name of [...known.keys()]) if (!current.has(name)) known.delete(name);
    for (const o of refreshing) await handleRefresh(o);
    for (const { o, registeredBefore } of deleting) await finishDeletion(o, registeredBefore);
  }

  /** What of an object the app is made of: never its resourceVersion, managedFields or status, so a status write is no change. */
  function cleaned(o: ApplicationObject): Record<string, unknown> {
    const annotations = { ...(o.metadata.annotations ?? {}) };
    delete annotations[REFRESH_ANNOTATION];
    delete annotations[LAST_APPLIED];
    const { name, namespace, labels, finalizers } = o.metadata;
    return {
      apiVersion: o.apiVersion,
      kind: o.kind,
      metadata: {
        name,
        namespace,
        ...(labels ? { labels } : {}),
        ...(Object.keys(annotations).length ? { annotations } : {}),
        ...(finalizers?.length ? { finalizers } : {}),
      },
      spec: o.spec,
    };
  }

  function reportInvalid(o: ApplicationObject, message: string) {
    const k = `${o.metadata.namespace}/${o.metadata.name}`;
    if (invalidSeen.get(k) === o.metadata.generation?.toString()) return;
    invalidSeen.set(k, o.metadata.generation?.toString() ?? '');
    log.warn({ app: o.metadata.name, namespace: o.metadata.namespace, err: message }, 'invalid Application ignored');
    recorder.record(o, 'Warning', 'InvalidSpec', message);
    void writeStatus(o, {
      observedGeneration: o.metadata.generation,
      sync: { status: 'Unknown' },
      health: { status: 'Unknown' },
      conditions: [condition('InvalidSpec', 'InvalidSpec', message)],
      reconciledAt: deps.clock().toISOString(),
    });
  }

  function reportConflict(o: ApplicationObject) {
    const k = `${o.metadata.namespace}/${o.metadata.name}`;
    if (invalidSeen.get(k) === `conflict/${o.metadata.generation}`) return;
    invalidSeen.set(k, `conflict/${o.metadata.generation}`);
    const owner = registry.get(o.metadata.name)?.origin;
    const where =
      owner?.kind === 'cluster' ? `namespace ${owner.namespace}` : owner?.kind === 'parent' ? `app ${owner.parent}` : 'an apps file';
    const message = `an Application named ${o.metadata.name} is already managed from ${where}; names are unique per agent`;
    recorder.record(o, 'Warning', 'NameConflict', message);
    void writeStatus(o, {
      observedGeneration: o.metadata.generation,
      sync: { status: 'Unknown' },
      health: { status: 'Unknown' },
      conditions: [condition('NameConflict', 'NameConflict', message)],
      reconciledAt: deps.clock().toISOString(),
    });
  }

  const condition = (type: string, reason: string, message: string): StatusCondition => ({
    type,
    status: 'True',
    reason,
    message: message.slice(0, 1000),
    lastTransitionTime: deps.clock().toISOString(),
  });

  async function forgetTerminating(o: ApplicationObject) {
    let app: ResolvedApplication;
    try {
      app = resolveApplication(cleaned(o));
    } catch (error) {
      const message = `deleted while no agent ran, with an invalid spec: its objects are left (${(error as Error).message})`;
      recorder.record(o, 'Warning', 'NotPruned', message);
      log.warn({ app: o.metadata.name, namespace: o.metadata.namespace }, message);
      return;
    }
    if (!deps.forget) return;
    log.info({ app: app.name, namespace: o.metadata.namespace }, 'Application deleted while no agent ran: deleting its objects');
    await deps.forget(app, { kind: 'cluster', namespace: o.metadata.namespace });
  }

  async function handleRefresh(o: ApplicationObject) {
    const k = `${o.metadata.namespace}/${o.metadata.name}@${o.metadata.resourceVersion}`;
    if (refreshSeen.has(k) || !owns(o)) return;
    refreshSeen.add(k);
    await deps.refresh(o.metadata.name, REFRESH_ANNOTATION);
    recorder.record(o, 'Normal', 'RefreshRequested', `refresh asked by the ${REFRESH_ANNOTATION} annotation`);
    const res = await client.request('PATCH', applicationPath(o.metadata.namespace, o.metadata.name), {
      contentType: 'application/merge-patch+json',
      body: { metadata: { annotations: { [REFRESH_ANNOTATION]: null } } },
    });
    if (res.status >= 300) log.warn({ app: o.metadata.name, status: res.status }, 'refresh annotation not removed');
  }

  /**
   * The app is already out of the registry (its cascading deletion awaited by `apply`): let the object
   * go. An object already terminating when this agent first saw it (deleted while no agent ran) was
   * never registered: its objects are deleted here first, unless another origin manages that name.
   */
  async function finishDeletion(o: ApplicationObject, registeredBefore: boolean) {
    const finalizers = o.metadata.finalizers ?? [];
    if (!finalizers.includes(CASCADE_FINALIZER) || !owns(o)) return;
    const entry = registry.get(o.metadata.name);
    if (entry?.origin.kind === 'cluster' && entry.origin.namespace === o.metadata.namespace) return;
    if (!registeredBefore && !entry && o.metadata.uid && !forgotten.has(o.metadata.uid)) {
      forgotten.add(o.metadata.uid);
      await forgetTerminating(o);
    }
    const res = await client.request('PATCH', applicationPath(o.metadata.namespace, o.metadata.name), {
      contentType: 'application/merge-patch+json',
      body: { metadata: { finalizers: finalizers.filter((f) => f !== CASCADE_FINALIZER), resourceVersion: o.metadata.resourceVersion } },
    });
    if (res.status < 300) log.info({ app: o.metadata.name, namespace: o.metadata.namespace }, 'cascading deletion done; finalizer removed');
    else if (res.status !== 404 && res.status !== 409) log.warn({ app: o.metadata.name, status: res.status }, 'finalizer not removed');
  }

  function scheduleStatus(name: string) {
    if (closed || statusTimers.has(name)) return;
    statusTimers.set(
      name,
      setTimeout(() => {
        statusTimers.delete(name);
        void publishStatus(name);
      }, debounce),
    );
  }

  async function publishStatus(name: string) {
    const o = known.get(name);
    if (!o || closed || !owns(o)) return;
    const [status, history] = await Promise.all([deps.store.getStatus(name), deps.store.listHistory(name, STATUS_HISTORY)]);
    await writeStatus(
      o,
      applicationStatus(status, history, { observedGeneration: o.metadata.generation, now: deps.clock().toISOString() }),
    );
  }

  async function writeStatus(o: ApplicationObject, status: Record<string, unknown>) {
    try {
      const res = await client.request('PATCH', `${applicationPath(o.metadata.namespace, o.metadata.name)}/status`, {
        contentType: 'application/merge-patch+json',
        body: { status },
      });
      if (res.status >= 300 && res.status !== 404)
        log.warn({ app: o.metadata.name, namespace: o.metadata.namespace, status: res.status }, 'Application status not written');
    } catch (error) {
      log.warn({ app: o.metadata.name, err: (error as Error).message }, 'Application status not written');
    }
  }

  let lastSync = new Map<string, string>();
  const unsubscribe = deps.events.subscribe((event) => {
    if (!event.app || !known.has(event.app)) return;
    if (event.type === 'app.status' || event.type === 'sync.started' || event.type === 'sync.finished') scheduleStatus(event.app);
    if (event.type === 'sync.finished') {
      const o = known.get(event.app)!;
      const key = `${event.app}#${event.id}`;
      if (lastSync.get(event.app) === key) return;
      lastSync.set(event.app, key);
      if (lastSync.size > 10_000) lastSync = new Map();
      recorder.record(
        o,
        event.result === 'Succeeded' ? 'Normal' : 'Warning',
        `Sync${event.result}`,
        event.message
          ? `sync ${event.id} ${event.result.toLowerCase()}: ${event.message}`
          : `sync ${event.id} ${event.result.toLowerCase()}`,
      );
    }
  });

  return {
    ready: watch.ready.then(() => new Promise<void>((resolve) => setTimeout(resolve, debounce))).then(() => running),
    close() {
      closed = true;
      unsubscribe();
      clearTimeout(syncTimer);
      for (const t of statusTimers.values()) clearTimeout(t);
      watch.close();
    },
  };
}
