import type { Store } from '../store/store.js';
import type { AgentEvents } from './agent-events.js';

/**
 * The agent's store, publishing each recorded change on the event bus once the store has taken it:
 * status writes, syncs started and finished, audit events, apps forgotten. Wrapping the store (rather
 * than publishing beside each write) keeps every writer, present and future, on the bus.
 */
export function publishingStore(store: Store, events: AgentEvents, owner?: string): Store {
  /** Which app a running sync belongs to, so that its end can name it without a read. */
  const running = new Map<number, string>();
  return {
    ...store,
    getStatus: (app) => store.getStatus(app),
    listStatuses: () => store.listStatuses(),
    listHistory: (app, limit) => store.listHistory(app, limit),
    getSync: (id) => store.getSync(id),
    listAudit: (query) => store.listAudit(query),
    markInterrupted: (now, scope) => store.markInterrupted(now, scope),
    close: () => store.close(),
    async putStatus(input) {
      const status = await store.putStatus(input);
      events.publish({ type: 'app.status', app: status.app, status });
      return status;
    },
    async patchStatus(app, fields) {
      const status = await store.patchStatus(app, fields);
      events.publish({ type: 'app.status', app, status });
      return status;
    },
    async deleteApp(app) {
      await store.deleteApp(app);
      events.publish({ type: 'app.removed', app });
    },
    async startSync(start) {
      // Sharded replicas stamp each sync with the replica that runs it (a single agent records none).
      const id = await store.startSync(owner === undefined ? start : { ...start, owner });
      running.set(id, start.app);
      events.publish({ type: 'sync.started', app: start.app, id, revision: start.revision.sha, trigger: start.trigger, who: start.who });
      // The app's lastSync changed with it: readers of its status see the running sync.
      const status = await store.getStatus(start.app);
      if (status) events.publish({ type: 'app.status', app: start.app, status });
      return id;
    },
    async finishSync(id, finish) {
      const done = await store.finishSync(id, finish);
      const app = running.get(id) ?? (await store.getSync(id))?.app;
      running.delete(id);
      if (done && app !== undefined) {
        events.publish({ type: 'sync.finished', app, id, result: finish.result, message: finish.message });
        const status = await store.getStatus(app);
        if (status) events.publish({ type: 'app.status', app, status });
      }
      return done;
    },
    async appendAudit(input) {
      const event = await store.appendAudit(input);
      events.publish({ type: 'audit', app: event.app, event });
      return event;
    },
  };
}
