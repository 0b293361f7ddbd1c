import type { AppStatus, AppStatusInput, AuditEvent, AuditInput, AuditQuery, Store, SyncFinish, SyncRecord, SyncStart } from '../store.js';
import { resolveAuditQuery, resolveHistoryLimit, resolveStoreOptions, type StoreOptions } from '../store-options.js';
import {
  checkAuditInput,
  checkStatusInput,
  checkSyncEntries,
  checkSyncFinish,
  checkSyncStart,
  interruptedMessage,
} from '../check-input.js';
import { summaryOf } from '../summary.js';
import { statusDefaults, withoutStamps } from '../status-patch.js';
import { StoreError } from '../store-error.js';

/** A store in memory, with the same behaviour as the SQLite one, for pure unit tests. Nothing survives close. */
export function openMemoryStore(options: StoreOptions = {}): Store {
  const { historyLimit, clock } = resolveStoreOptions(options);
  const statuses = new Map<string, AppStatus>();
  const syncs = new Map<number, SyncRecord>(); // insertion order is id order
  const audit: AuditEvent[] = [];
  let nextSyncId = 1;
  let nextAuditId = 1;
  let closed = false;

  const open = (): void => {
    if (closed) throw new StoreError('the store is closed');
  };
  const copy = <T>(value: T): T => structuredClone(value);
  const syncsOf = (app: string): SyncRecord[] => [...syncs.values()].filter((s) => s.app === app);

  const withLastSync = (status: AppStatus): AppStatus => {
    const history = syncsOf(status.app);
    const newest = history[history.length - 1];
    const out = copy(status);
    if (newest) out.lastSync = summaryOf(newest);
    return out;
  };

  return {
    async getStatus(app) {
      open();
      const status = statuses.get(app);
      return status && withLastSync(status);
    },
    async listStatuses() {
      open();
      return [...statuses.keys()].sort(byName).map((app) => withLastSync(statuses.get(app)!));
    },
    async putStatus(input: AppStatusInput) {
      open();
      const status: AppStatus = { ...checkStatusInput(input), updatedAt: clock().toISOString() };
      statuses.set(status.app, status);
      return withLastSync(status);
    },
    async patchStatus(app, fields) {
      open();
      const current = statuses.get(app);
      const status: AppStatus = {
        ...checkStatusInput({ ...statusDefaults(app), ...(current && withoutStamps(current)), ...fields, app }),
        updatedAt: clock().toISOString(),
      };
      statuses.set(app, status);
      return withLastSync(status);
    },
    async deleteApp(app) {
      open();
      statuses.delete(app);
      for (const s of syncsOf(app)) syncs.delete(s.id);
    },

    async startSync(start: SyncStart) {
      open();
      const record: SyncRecord = { ...checkSyncStart(start, clock()), id: nextSyncId++, result: 'Running', entries: [] };
      syncs.set(record.id, record);
      const history = syncsOf(record.app);
      for (const old of history.slice(0, Math.max(0, history.length - historyLimit))) syncs.delete(old.id);
      return record.id;
    },
    async appendSyncEntries(id, entries) {
      open();
      const checked = checkSyncEntries(entries);
      const record = syncs.get(id);
      if (record?.result !== 'Running') return false;
      record.entries.push(...checked);
      return true;
    },
    async finishSync(id, finish: SyncFinish) {
      open();
      const checked = checkSyncFinish(finish, clock());
      const record = syncs.get(id);
      if (record?.result !== 'Running') return false;
      Object.assign(record, checked);
      return true;
    },
    async listHistory(app, limit) {
      open();
      const n = resolveHistoryLimit(limit, historyLimit);
      return syncsOf(app).reverse().slice(0, n).map(copy);
    },
    async getSync(id) {
      open();
      const record = syncs.get(id);
      return record && copy(record);
    },
    async markInterrupted(now = clock(), scope = {}) {
      open();
      let count = 0;
      const apps = scope.apps && new Set(scope.apps);
      for (const record of syncs.values()) {
        if (record.result !== 'Running') continue;
        if (scope.owner !== undefined && record.owner !== scope.owner) continue;
        if (apps && !apps.has(record.app)) continue;
        Object.assign(record, { result: 'Interrupted', finishedAt: now.toISOString(), message: interruptedMessage });
        count++;
      }
      return count;
    },

    async appendAudit(input: AuditInput) {
      open();
      const event: AuditEvent = { ...checkAuditInput(input, clock()), id: nextAuditId++ };
      audit.push(event);
      return copy(event);
    },
    async listAudit(query?: AuditQuery) {
      open();
      const { app, limit, afterId } = resolveAuditQuery(query);
      const matching = audit.filter((e) => (app === undefined || e.app === app) && (afterId === undefined || e.id > afterId));
      const page = afterId === undefined ? matching.slice(-limit) : matching.slice(0, limit);
      return page.map(copy);
    },

    async close() {
      closed = true;
    },
  };
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
