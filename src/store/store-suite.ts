import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppStatusInput, Store, SyncStart } from './store.js';
import type { StoreOptions } from './store-options.js';
import type { ChangeSetEntry } from '../core/sync/change-set.js';
import { StoreError } from './store-error.js';

/** One store under test, opened on fresh data. */
export interface StoreUnderTest {
  store: Store;
  /** Closes the store and opens the same data again (persistent implementations). */
  reopen?: (options: StoreOptions) => Store;
  /** Runs raw SQL on the same data through another connection (SQL implementations). */
  rawSql?: (sql: string) => void;
  cleanup: () => void;
}

export type StoreFactory = (options: StoreOptions) => StoreUnderTest;

export interface StoreCapabilities {
  persistent?: boolean;
  sql?: boolean;
}

/** A clock that starts at a fixed instant and moves one second each time it is read. */
export function steppingClock(start = '2025-01-01T00:00:00.000Z'): () => Date {
  let t = Date.parse(start);
  return () => {
    const now = new Date(t);
    t += 1000;
    return now;
  };
}

const webStatus: AppStatusInput = {
  app: 'web',
  syncStatus: 'OutOfSync',
  health: { status: 'Progressing', message: 'Deployment/web/web: 1 of 3 replicas updated' },
  revision: { sha: 'a'.repeat(40), author: 'Ada <ada@example.com>', message: 'Bump web to 1.2', date: '2024-12-31T23:00:00Z' },
  conditions: [{ type: 'SyncError', message: 'Deployment/web/web apply failed (Invalid)', since: '2024-12-31T23:30:00.000Z' }],
  paused: false,
};

const syncOf = (app: string, sha: string, extra: Partial<SyncStart> = {}): SyncStart => ({
  app,
  revision: { sha, author: 'Ada', message: `commit ${sha}` },
  trigger: 'poll',
  who: 'Ada',
  ...extra,
});

const deployed: ChangeSetEntry = {
  ref: { group: 'apps', version: 'v1', kind: 'Deployment', namespace: 'web', name: 'web' },
  action: 'configured',
  health: { status: 'Healthy' },
};

/** The behaviour every Store implementation promises, run against one of them. */
export function runStoreSuite(name: string, factory: StoreFactory, capabilities: StoreCapabilities = {}): void {
  describe(`${name} store`, () => {
    const withStore =
      (fn: (s: StoreUnderTest) => void, options: StoreOptions = {}) =>
      () => {
        const s = factory({ clock: steppingClock(), ...options });
        try {
          fn(s);
        } finally {
          s.store.close();
          s.cleanup();
        }
      };

    test(
      'a status put is the status read back, stamped by the clock',
      withStore(({ store }) => {
        const stored = store.putStatus(webStatus);
        assert.deepEqual(stored, { ...webStatus, updatedAt: '2025-01-01T00:00:00.000Z' });
        assert.deepEqual(store.getStatus('web'), stored);
        assert.equal(store.getStatus('api'), undefined);
      }),
    );

    test(
      'putting a status again replaces it, optional fields included',
      withStore(({ store }) => {
        store.putStatus(webStatus);
        store.putStatus({ app: 'web', syncStatus: 'Synced', health: { status: 'Healthy' }, conditions: [], paused: true });
        assert.deepEqual(store.getStatus('web'), {
          app: 'web',
          syncStatus: 'Synced',
          health: { status: 'Healthy' },
          conditions: [],
          paused: true,
          updatedAt: '2025-01-01T00:00:01.000Z',
        });
      }),
    );

    test(
      'statuses are listed by app name',
      withStore(({ store }) => {
        for (const app of ['web', 'api', 'db']) store.putStatus({ ...webStatus, app });
        assert.deepEqual(
          store.listStatuses().map((s) => s.app),
          ['api', 'db', 'web'],
        );
      }),
    );

    test(
      "a status shows its app's newest sync as lastSync",
      withStore(({ store }) => {
        store.putStatus(webStatus);
        assert.equal(store.getStatus('web')!.lastSync, undefined);
        const first = store.startSync(syncOf('web', 'a1'));
        store.finishSync(first, { result: 'Succeeded', message: 'synced', entries: [deployed] });
        const second = store.startSync(syncOf('web', 'b2', { trigger: 'webhook' }));
        store.startSync(syncOf('api', 'c3'));
        const status = store.getStatus('web')!;
        assert.deepEqual(status.lastSync, {
          id: second,
          result: 'Running',
          trigger: 'webhook',
          revision: 'b2',
          startedAt: store.getSync(second)!.startedAt,
        });
        assert.deepEqual(store.listStatuses()[0].lastSync, status.lastSync);
      }),
    );

    test(
      'deleting an app forgets its status and history but keeps its audit events',
      withStore(({ store }) => {
        store.putStatus(webStatus);
        store.putStatus({ ...webStatus, app: 'api' });
        const id = store.startSync(syncOf('web', 'a1'));
        const apiSync = store.startSync(syncOf('api', 'b1'));
        store.appendAudit({ actor: 'agent', action: 'sync.started', app: 'web', detail: { sync: id } });
        store.deleteApp('web');
        assert.equal(store.getStatus('web'), undefined);
        assert.equal(store.getSync(id), undefined);
        assert.deepEqual(store.listHistory('web'), []);
        assert.equal(store.getSync(apiSync)!.app, 'api');
        assert.deepEqual(
          store.listAudit({ app: 'web' }).map((e) => e.action),
          ['sync.started'],
        );
      }),
    );

    test(
      'a sync starts Running with no entries and finishes with its outcome',
      withStore(({ store }) => {
        const id = store.startSync(syncOf('web', 'a1'));
        assert.deepEqual(store.getSync(id), {
          id,
          app: 'web',
          revision: { sha: 'a1', author: 'Ada', message: 'commit a1' },
          trigger: 'poll',
          who: 'Ada',
          startedAt: '2025-01-01T00:00:00.000Z',
          result: 'Running',
          entries: [],
        });
        const failed: ChangeSetEntry = {
          ref: { group: '', kind: 'ConfigMap', namespace: 'web', name: 'cfg' },
          action: 'failed',
          reason: 'Invalid',
          message: 'data: must be a map',
        };
        assert.equal(store.finishSync(id, { result: 'Failed', message: '1 of 2 objects failed', entries: [deployed, failed] }), true);
        assert.deepEqual(store.getSync(id), {
          id,
          app: 'web',
          revision: { sha: 'a1', author: 'Ada', message: 'commit a1' },
          trigger: 'poll',
          who: 'Ada',
          startedAt: '2025-01-01T00:00:00.000Z',
          finishedAt: '2025-01-01T00:00:01.000Z',
          result: 'Failed',
          message: '1 of 2 objects failed',
          entries: [deployed, failed],
        });
      }),
    );

    test(
      'a sync that is not running cannot be finished again',
      withStore(({ store }) => {
        const id = store.startSync(syncOf('web', 'a1'));
        assert.equal(store.finishSync(id, { result: 'Succeeded', entries: [] }), true);
        assert.equal(store.finishSync(id, { result: 'Failed', entries: [] }), false);
        assert.equal(store.getSync(id)!.result, 'Succeeded');
        assert.equal(store.finishSync(id + 1000, { result: 'Succeeded', entries: [] }), false);
      }),
    );

    test(
      'sync entries keep refs, actions, reasons, messages and health only',
      withStore(({ store }) => {
        const id = store.startSync(syncOf('web', 'a1'));
        const withSecret = { ...deployed, live: { kind: 'Secret', data: { password: 'aHVudGVyMg==' } }, diff: '+ password: hunter2' };
        store.finishSync(id, { result: 'Succeeded', entries: [withSecret as ChangeSetEntry] });
        assert.deepEqual(store.getSync(id)!.entries, [deployed]);
        assert.doesNotMatch(JSON.stringify(store.getSync(id)), /hunter2|aHVudGVyMg/);
      }),
    );

    test(
      'history is newest first and honours the asked limit',
      withStore(({ store }) => {
        const ids = ['a', 'b', 'c', 'd'].map((sha) => store.startSync(syncOf('web', sha)));
        store.startSync(syncOf('api', 'x'));
        assert.deepEqual(
          store.listHistory('web').map((s) => s.id),
          [...ids].reverse(),
        );
        assert.deepEqual(
          store.listHistory('web', 2).map((s) => s.revision.sha),
          ['d', 'c'],
        );
        assert.deepEqual(store.listHistory('nobody'), []);
      }),
    );

    test(
      'history keeps at most historyLimit syncs per app, dropping the oldest',
      withStore(
        ({ store }) => {
          const ids = ['a', 'b', 'c', 'd', 'e'].map((sha) => store.startSync(syncOf('web', sha)));
          const api = store.startSync(syncOf('api', 'x'));
          assert.deepEqual(
            store.listHistory('web').map((s) => s.revision.sha),
            ['e', 'd', 'c'],
          );
          assert.deepEqual(store.listHistory('web', 50).length, 3);
          assert.equal(store.getSync(ids[0]), undefined);
          assert.equal(store.getSync(ids[1]), undefined);
          assert.equal(store.getSync(api)!.revision.sha, 'x');
          const next = store.startSync(syncOf('web', 'f'));
          assert.ok(next > api, 'ids are never reused');
        },
        { historyLimit: 3 },
      ),
    );

    test(
      'markInterrupted turns every running sync into Interrupted at the given time',
      withStore(({ store }) => {
        const running1 = store.startSync(syncOf('web', 'a'));
        const done = store.startSync(syncOf('web', 'b'));
        store.finishSync(done, { result: 'Succeeded', entries: [deployed] });
        const running2 = store.startSync(syncOf('api', 'c'));
        const now = new Date('2025-02-01T12:00:00.000Z');
        assert.equal(store.markInterrupted(now), 2);
        for (const id of [running1, running2]) {
          const sync = store.getSync(id)!;
          assert.equal(sync.result, 'Interrupted');
          assert.equal(sync.finishedAt, now.toISOString());
          assert.match(sync.message!, /stopped/);
        }
        assert.equal(store.getSync(done)!.result, 'Succeeded');
        assert.equal(store.finishSync(running1, { result: 'Succeeded', entries: [] }), false);
        assert.equal(store.markInterrupted(now), 0);
      }),
    );

    test(
      "audit events get increasing ids and the clock's time",
      withStore(({ store }) => {
        const a = store.appendAudit({
          actor: 'webhook:github',
          action: 'webhook.accepted',
          detail: { repo: 'https://github.com/acme/deploy' },
        });
        const b = store.appendAudit({ actor: 'ada', action: 'rollback', app: 'web', detail: { to: 'a1' }, at: '2025-03-01T00:00:00.000Z' });
        assert.deepEqual(a, {
          id: a.id,
          at: '2025-01-01T00:00:00.000Z',
          actor: 'webhook:github',
          action: 'webhook.accepted',
          detail: { repo: 'https://github.com/acme/deploy' },
        });
        assert.ok(b.id > a.id);
        assert.equal(b.at, '2025-03-01T00:00:00.000Z');
        assert.deepEqual(store.listAudit(), [a, b]);
      }),
    );

    test(
      'audit lists filter by app, return the newest page, and follow a cursor oldest first',
      withStore(({ store }) => {
        const events = Array.from({ length: 7 }, (_, i) =>
          store.appendAudit({ actor: 'agent', action: 'sync.started', app: i % 2 === 0 ? 'web' : 'api', detail: { n: i } }),
        );
        const ids = (list: { id: number }[]) => list.map((e) => e.id);
        const web = events.filter((e) => e.app === 'web');
        assert.deepEqual(ids(store.listAudit({ app: 'web' })), ids(web));
        assert.deepEqual(ids(store.listAudit({ limit: 3 })), ids(events.slice(4)));
        assert.deepEqual(ids(store.listAudit({ afterId: events[1].id, limit: 2 })), ids(events.slice(2, 4)));
        assert.deepEqual(ids(store.listAudit({ app: 'web', afterId: events[0].id, limit: 2 })), ids(web.slice(1, 3)));
        assert.deepEqual(store.listAudit({ afterId: events[6].id }), []);
        assert.deepEqual(store.listAudit({ app: 'nobody' }), []);
      }),
    );

    test(
      'audit details have secret-looking values redacted',
      withStore(({ store }) => {
        const event = store.appendAudit({
          actor: 'webhook:github',
          action: 'webhook.rejected',
          detail: { reason: 'signature mismatch', signature: 'sha256=abc', headers: { 'x-gitlab-token': 'tok', host: 'h' } },
        });
        assert.deepEqual(event.detail, {
          reason: 'signature mismatch',
          signature: '[redacted]',
          headers: { 'x-gitlab-token': '[redacted]', host: 'h' },
        });
        assert.deepEqual(store.listAudit()[0].detail, event.detail);
      }),
    );

    test(
      'what a reader does to returned records does not change the store',
      withStore(({ store }) => {
        store.putStatus(webStatus);
        const event = store.appendAudit({ actor: 'ada', action: 'resume', app: 'web', detail: { note: 'ok' } });
        const id = store.startSync(syncOf('web', 'a'));
        const read = store.listAudit()[0];
        read.actor = 'mallory';
        read.detail.note = 'changed';
        event.action = 'prune';
        store.getStatus('web')!.conditions.push({ type: 'SyncError', message: 'x', since: 'y' });
        store.getSync(id)!.entries.push(deployed);
        assert.deepEqual(store.listAudit()[0], {
          id: event.id,
          at: event.at,
          actor: 'ada',
          action: 'resume',
          app: 'web',
          detail: { note: 'ok' },
        });
        assert.equal(store.getStatus('web')!.conditions.length, 1);
        assert.deepEqual(store.getSync(id)!.entries, []);
      }),
    );

    test(
      'input outside the vocabulary is refused and nothing is written',
      withStore(({ store }) => {
        assert.throws(() => store.startSync({ ...syncOf('web', 'a'), trigger: 'cron' as never }), StoreError);
        assert.throws(() => store.putStatus({ ...webStatus, syncStatus: 'Fine' as never }), /syncStatus must be one of/);
        assert.throws(() => store.appendAudit({ actor: '', action: 'rollback', detail: {} }), /audit.actor/);
        assert.throws(() => store.finishSync(1, { result: 'Running' as never, entries: [] }), StoreError);
        assert.deepEqual(store.listHistory('web'), []);
        assert.deepEqual(store.listStatuses(), []);
        assert.deepEqual(store.listAudit(), []);
      }),
    );

    test(
      'a closed store refuses to work',
      withStore(({ store }) => {
        store.close();
        assert.throws(() => store.listStatuses(), /closed/);
        assert.throws(() => store.appendAudit({ actor: 'a', action: 'resume', detail: {} }), StoreError);
        store.close();
      }),
    );

    test('a history limit that is not a positive integer is refused', () => {
      assert.throws(() => factory({ historyLimit: 0 }), /historyLimit must be a positive integer/);
    });

    if (capabilities.persistent) {
      test('everything survives closing and reopening', () => {
        const s = factory({ clock: steppingClock() });
        try {
          s.store.putStatus(webStatus);
          const id = s.store.startSync(syncOf('web', 'a'));
          s.store.finishSync(id, { result: 'Succeeded', entries: [deployed] });
          const running = s.store.startSync(syncOf('web', 'b'));
          const event = s.store.appendAudit({ actor: 'ada', action: 'rollback', app: 'web', detail: { to: 'a' } });
          const before = { status: s.store.getStatus('web'), history: s.store.listHistory('web'), audit: s.store.listAudit() };
          s.store.close();
          const reopened = s.reopen!({ clock: steppingClock('2025-06-01T00:00:00.000Z') });
          try {
            assert.deepEqual(
              { status: reopened.getStatus('web'), history: reopened.listHistory('web'), audit: reopened.listAudit() },
              before,
            );
            assert.equal(reopened.markInterrupted(), 1);
            assert.equal(reopened.getSync(running)!.result, 'Interrupted');
            assert.equal(reopened.getSync(running)!.finishedAt, '2025-06-01T00:00:00.000Z');
            assert.ok(reopened.appendAudit({ actor: 'agent', action: 'agent.started', detail: {} }).id > event.id);
          } finally {
            reopened.close();
          }
        } finally {
          s.store.close();
          s.cleanup();
        }
      });
    }

    if (capabilities.sql) {
      test(
        'audit rows cannot be updated or deleted even through raw SQL',
        withStore(({ store, rawSql }) => {
          const event = store.appendAudit({ actor: 'ada', action: 'rollback', app: 'web', detail: { to: 'a' } });
          assert.throws(() => rawSql!(`UPDATE audit_log SET actor = 'mallory' WHERE id = ${event.id}`), /append-only/);
          assert.throws(() => rawSql!(`DELETE FROM audit_log WHERE id = ${event.id}`), /append-only/);
          assert.throws(() => rawSql!('DELETE FROM audit_log'), /append-only/);
          assert.deepEqual(store.listAudit(), [event]);
        }),
      );
    }
  });
}
