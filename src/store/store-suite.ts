import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppStatusInput, AuditEvent, Store, SyncStart } from './store.js';
import type { StoreOptions } from './store-options.js';
import type { ChangeSetEntry } from '../core/sync/change-set.js';
import { StoreError } from './store-error.js';

/** One store under test, opened on fresh data. */
export interface StoreUnderTest {
  store: Store;
  /** Closes the store and opens the same data again (persistent implementations). */
  reopen?: (options: StoreOptions) => Store | Promise<Store>;
  /** Runs raw SQL on the same data through another connection (SQL implementations). */
  rawSql?: (sql: string) => Promise<void>;
  cleanup: () => void | Promise<void>;
}

export type StoreFactory = (options: StoreOptions) => StoreUnderTest | Promise<StoreUnderTest>;

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
      (fn: (s: StoreUnderTest) => Promise<void>, options: StoreOptions = {}) =>
      async () => {
        const s = await factory({ clock: steppingClock(), ...options });
        try {
          await fn(s);
        } finally {
          await s.store.close();
          await s.cleanup();
        }
      };

    test(
      'a status put is the status read back, stamped by the clock',
      withStore(async ({ store }) => {
        const stored = await store.putStatus(webStatus);
        assert.deepEqual(stored, { ...webStatus, updatedAt: '2025-01-01T00:00:00.000Z' });
        assert.deepEqual(await store.getStatus('web'), stored);
        assert.equal(await store.getStatus('api'), undefined);
      }),
    );

    test(
      'a status patch changes only the fields it names; a new app starts Unknown, unpaused, with no conditions',
      withStore(async ({ store }) => {
        await store.putStatus(webStatus);
        const paused = await store.patchStatus('web', { paused: true });
        assert.deepEqual(paused, { ...webStatus, paused: true, updatedAt: '2025-01-01T00:00:01.000Z' });
        const fresh = await store.patchStatus('api', { syncStatus: 'Synced' });
        assert.deepEqual(fresh, {
          app: 'api',
          syncStatus: 'Synced',
          health: { status: 'Unknown' },
          conditions: [],
          paused: false,
          updatedAt: '2025-01-01T00:00:02.000Z',
        });
        await assert.rejects(() => store.patchStatus('web', { syncStatus: 'Fine' as never }), /syncStatus must be one of/);
      }),
    );

    test(
      'putting a status again replaces it, optional fields included',
      withStore(async ({ store }) => {
        await store.putStatus(webStatus);
        await store.putStatus({ app: 'web', syncStatus: 'Synced', health: { status: 'Healthy' }, conditions: [], paused: true });
        assert.deepEqual(await store.getStatus('web'), {
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
      withStore(async ({ store }) => {
        for (const app of ['web', 'api', 'db']) await store.putStatus({ ...webStatus, app });
        assert.deepEqual(
          (await store.listStatuses()).map((s) => s.app),
          ['api', 'db', 'web'],
        );
      }),
    );

    test(
      "a status shows its app's newest sync as lastSync",
      withStore(async ({ store }) => {
        await store.putStatus(webStatus);
        assert.equal((await store.getStatus('web'))!.lastSync, undefined);
        const first = await store.startSync(syncOf('web', 'a1'));
        await store.finishSync(first, { result: 'Succeeded', message: 'synced', entries: [deployed] });
        const second = await store.startSync(syncOf('web', 'b2', { trigger: 'webhook' }));
        await store.startSync(syncOf('api', 'c3'));
        const status = (await store.getStatus('web'))!;
        assert.deepEqual(status.lastSync, {
          id: second,
          result: 'Running',
          trigger: 'webhook',
          revision: 'b2',
          startedAt: (await store.getSync(second))!.startedAt,
        });
        assert.deepEqual((await store.listStatuses())[0].lastSync, status.lastSync);
      }),
    );

    test(
      'deleting an app forgets its status and history but keeps its audit events',
      withStore(async ({ store }) => {
        await store.putStatus(webStatus);
        await store.putStatus({ ...webStatus, app: 'api' });
        const id = await store.startSync(syncOf('web', 'a1'));
        const apiSync = await store.startSync(syncOf('api', 'b1'));
        await store.appendAudit({ actor: 'agent', action: 'sync.finished', app: 'web', detail: { sync: id } });
        await store.deleteApp('web');
        assert.equal(await store.getStatus('web'), undefined);
        assert.equal(await store.getSync(id), undefined);
        assert.deepEqual(await store.listHistory('web'), []);
        assert.equal((await store.getSync(apiSync))!.app, 'api');
        assert.deepEqual(
          (await store.listAudit({ app: 'web' })).map((e) => e.action),
          ['sync.finished'],
        );
      }),
    );

    test(
      'a sync starts Running with no entries and finishes with its outcome',
      withStore(async ({ store }) => {
        const id = await store.startSync(syncOf('web', 'a1'));
        assert.deepEqual(await store.getSync(id), {
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
        assert.equal(await store.finishSync(id, { result: 'Failed', message: '1 of 2 objects failed', entries: [deployed, failed] }), true);
        assert.deepEqual(await store.getSync(id), {
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
      withStore(async ({ store }) => {
        const id = await store.startSync(syncOf('web', 'a1'));
        assert.equal(await store.finishSync(id, { result: 'Succeeded', entries: [] }), true);
        assert.equal(await store.finishSync(id, { result: 'Failed', entries: [] }), false);
        assert.equal((await store.getSync(id))!.result, 'Succeeded');
        assert.equal(await store.finishSync(id + 1000, { result: 'Succeeded', entries: [] }), false);
      }),
    );

    test(
      'sync entries keep refs, actions, reasons, messages and health only',
      withStore(async ({ store }) => {
        const id = await store.startSync(syncOf('web', 'a1'));
        const withSecret = { ...deployed, live: { kind: 'Secret', data: { password: 'aHVudGVyMg==' } }, diff: '+ password: hunter2' };
        await store.finishSync(id, { result: 'Succeeded', entries: [withSecret as ChangeSetEntry] });
        assert.deepEqual((await store.getSync(id))!.entries, [deployed]);
        assert.doesNotMatch(JSON.stringify(await store.getSync(id)), /hunter2|aHVudGVyMg/);
      }),
    );

    test(
      'history is newest first and honours the asked limit',
      withStore(async ({ store }) => {
        const ids: number[] = [];
        for (const sha of ['a', 'b', 'c', 'd']) ids.push(await store.startSync(syncOf('web', sha)));
        await store.startSync(syncOf('api', 'x'));
        assert.deepEqual(
          (await store.listHistory('web')).map((s) => s.id),
          [...ids].reverse(),
        );
        assert.deepEqual(
          (await store.listHistory('web', 2)).map((s) => s.revision.sha),
          ['d', 'c'],
        );
        assert.deepEqual(await store.listHistory('nobody'), []);
      }),
    );

    test(
      'history keeps at most historyLimit syncs per app, dropping the oldest',
      withStore(
        async ({ store }) => {
          const ids: number[] = [];
          for (const sha of ['a', 'b', 'c', 'd', 'e']) ids.push(await store.startSync(syncOf('web', sha)));
          const api = await store.startSync(syncOf('api', 'x'));
          assert.deepEqual(
            (await store.listHistory('web')).map((s) => s.revision.sha),
            ['e', 'd', 'c'],
          );
          assert.deepEqual((await store.listHistory('web', 50)).length, 3);
          assert.equal(await store.getSync(ids[0]), undefined);
          assert.equal(await store.getSync(ids[1]), undefined);
          assert.equal((await store.getSync(api))!.revision.sha, 'x');
          const next = await store.startSync(syncOf('web', 'f'));
          assert.ok(next > api, 'ids are never reused');
        },
        { historyLimit: 3 },
      ),
    );

    test(
      'markInterrupted turns every running sync into Interrupted at the given time',
      withStore(async ({ store }) => {
        const running1 = await store.startSync(syncOf('web', 'a'));
        const done = await store.startSync(syncOf('web', 'b'));
        await store.finishSync(done, { result: 'Succeeded', entries: [deployed] });
        const running2 = await store.startSync(syncOf('api', 'c'));
        const now = new Date('2025-02-01T12:00:00.000Z');
        assert.equal(await store.markInterrupted(now), 2);
        for (const id of [running1, running2]) {
          const sync = (await store.getSync(id))!;
          assert.equal(sync.result, 'Interrupted');
          assert.equal(sync.finishedAt, now.toISOString());
          assert.match(sync.message!, /stopped/);
        }
        assert.equal((await store.getSync(done))!.result, 'Succeeded');
        assert.equal(await store.finishSync(running1, { result: 'Succeeded', entries: [] }), false);
        assert.equal(await store.markInterrupted(now), 0);
      }),
    );

    test(
      'replicas sharing a store: each sync keeps its owner, and markInterrupted narrows to one owner or to some apps',
      withStore(async ({ store }) => {
        const byA = await store.startSync({ ...syncOf('web', 'a'), owner: 'replica-a' });
        const byB = await store.startSync({ ...syncOf('api', 'b'), owner: 'replica-b' });
        const byB2 = await store.startSync({ ...syncOf('db', 'c'), owner: 'replica-b' });
        const single = await store.startSync(syncOf('ui', 'd'));
        assert.equal((await store.getSync(byA))!.owner, 'replica-a');
        assert.equal((await store.getSync(single))!.owner, undefined, 'a single agent records no owner');
        assert.equal((await store.listHistory('api'))[0].owner, 'replica-b');
        const now = new Date('2025-02-01T12:00:00.000Z');
        assert.equal(await store.markInterrupted(now, { owner: 'replica-a' }), 1, 'replica-a marks only its own');
        assert.equal((await store.getSync(byB))!.result, 'Running');
        assert.equal(await store.markInterrupted(now, { apps: ['db', 'nope'] }), 1, 'a shard taken over: only its apps');
        assert.equal((await store.getSync(byB2))!.result, 'Interrupted');
        assert.equal((await store.getSync(byB))!.result, 'Running');
        assert.equal(await store.markInterrupted(now, { apps: [] }), 0);
        assert.equal(await store.markInterrupted(now), 2, 'no scope: every running sync');
        await assert.rejects(store.startSync({ ...syncOf('web', 'e'), owner: '' }), /sync.owner must be a non-empty string/);
      }),
    );

    test(
      'entries appended to a running sync are kept, in order, when it is interrupted; finishing writes the full list',
      withStore(async ({ store }) => {
        const ref = (name: string) => ({ group: '', version: 'v1', kind: 'ConfigMap', namespace: 'web', name });
        const created = (name: string): ChangeSetEntry => ({ ref: ref(name), action: 'created', health: { status: 'Healthy' } });
        const interrupted = await store.startSync(syncOf('web', 'a'));
        assert.equal(await store.appendSyncEntries(interrupted, [created('a'), created('b')]), true);
        assert.equal(await store.appendSyncEntries(interrupted, []), true);
        assert.equal(
          await store.appendSyncEntries(interrupted, [
            { ...created('c'), message: 'from https://u:TOKEN@h/x', live: { secret: 1 } } as ChangeSetEntry,
          ]),
          true,
        );
        const finished = await store.startSync(syncOf('api', 'b'));
        await store.appendSyncEntries(finished, [created('x')]);
        await store.finishSync(finished, { result: 'Succeeded', entries: [created('x'), created('y')] });
        assert.equal(await store.appendSyncEntries(finished, [created('z')]), false, 'a finished sync takes no more entries');
        assert.equal(await store.appendSyncEntries(9999, [created('z')]), false);
        assert.equal(await store.markInterrupted(), 1);
        const kept = (await store.getSync(interrupted))!;
        assert.equal(kept.result, 'Interrupted');
        assert.deepEqual(
          kept.entries.map((e) => e.ref.name),
          ['a', 'b', 'c'],
        );
        assert.deepEqual(kept.entries[2], { ...created('c'), message: 'from https://***@h/x' }, 'stored as finishSync stores entries');
        assert.deepEqual(
          (await store.getSync(finished))!.entries.map((e) => e.ref.name),
          ['x', 'y'],
        );
      }),
    );

    test(
      "audit events get increasing ids and the clock's time",
      withStore(async ({ store }) => {
        const a = await store.appendAudit({
          actor: 'webhook:github',
          action: 'webhook.accepted',
          detail: { repo: 'https://github.com/acme/deploy' },
        });
        const b = await store.appendAudit({
          actor: 'ada',
          action: 'rollback',
          app: 'web',
          detail: { to: 'a1' },
          at: '2025-03-01T00:00:00.000Z',
        });
        assert.deepEqual(a, {
          id: a.id,
          at: '2025-01-01T00:00:00.000Z',
          actor: 'webhook:github',
          action: 'webhook.accepted',
          detail: { repo: 'https://github.com/acme/deploy' },
        });
        assert.ok(b.id > a.id);
        assert.equal(b.at, '2025-03-01T00:00:00.000Z');
        assert.deepEqual(await store.listAudit(), [a, b]);
      }),
    );

    test(
      'audit lists filter by app, return the newest page, and follow a cursor oldest first',
      withStore(async ({ store }) => {
        const events: AuditEvent[] = [];
        for (let i = 0; i < 7; i++)
          events.push(
            await store.appendAudit({ actor: 'agent', action: 'sync.finished', app: i % 2 === 0 ? 'web' : 'api', detail: { n: i } }),
          );
        const ids = (list: { id: number }[]) => list.map((e) => e.id);
        const web = events.filter((e) => e.app === 'web');
        assert.deepEqual(ids(await store.listAudit({ app: 'web' })), ids(web));
        assert.deepEqual(ids(await store.listAudit({ limit: 3 })), ids(events.slice(4)));
        assert.deepEqual(ids(await store.listAudit({ afterId: events[1].id, limit: 2 })), ids(events.slice(2, 4)));
        assert.deepEqual(ids(await store.listAudit({ app: 'web', afterId: events[0].id, limit: 2 })), ids(web.slice(1, 3)));
        assert.deepEqual(await store.listAudit({ afterId: events[6].id }), []);
        assert.deepEqual(await store.listAudit({ app: 'nobody' }), []);
      }),
    );

    test(
      'audit details have secret-looking values redacted',
      withStore(async ({ store }) => {
        const event = await store.appendAudit({
          actor: 'webhook:github',
          action: 'webhook.rejected',
          detail: { reason: 'signature mismatch', signature: 'sha256=abc', headers: { 'x-gitlab-token': 'tok', host: 'h' } },
        });
        assert.deepEqual(event.detail, {
          reason: 'signature mismatch',
          signature: '[redacted]',
          headers: { 'x-gitlab-token': '[redacted]', host: 'h' },
        });
        assert.deepEqual((await store.listAudit())[0].detail, event.detail);
      }),
    );

    test(
      'credentials in URLs are never stored: statuses, conditions, syncs, entries and audit details are redacted',
      withStore(async ({ store }) => {
        const remote = 'https://bob:TOKEN1@git.example.com/base//deploy?ref=v1';
        const repo = 'https://git.example.com/app.git?access_token=TOKEN2';
        await store.putStatus({
          ...webStatus,
          health: { status: 'Degraded', message: `cannot reach ${repo}` },
          revision: { sha: 'a'.repeat(40), message: `bump ${remote}` },
          conditions: [
            { type: 'ComparisonError', message: `accumulating resources from '${remote}': refused`, since: '2025-01-01T00:00:00.000Z' },
          ],
        });
        const id = await store.startSync({ ...syncOf('web', 'b'), revision: { sha: 'b'.repeat(40), message: `see ${repo}` } });
        await store.finishSync(id, {
          result: 'Failed',
          message: `fetch of ${repo} failed`,
          entries: [
            {
              ref: { group: '', kind: 'ConfigMap', name: 'c' },
              action: 'failed',
              message: `from ${remote}`,
              health: { status: 'Degraded', message: remote },
            },
          ],
        });
        await store.appendAudit({
          actor: 'agent',
          action: 'source.unavailable',
          app: 'web',
          detail: { message: `git fetch from ${repo}`, urls: [remote] },
        });
        const everything = JSON.stringify([
          await store.listStatuses(),
          await store.listHistory('web'),
          await store.getSync(id),
          await store.listAudit(),
        ]);
        for (const leaked of ['TOKEN1', 'TOKEN2']) assert.ok(!everything.includes(leaked), `${leaked} stored: ${everything}`);
        assert.match(everything, /https:\/\/\*\*\*@git\.example\.com\/base/);
        assert.match(everything, /access_token=\*\*\*/);
      }),
    );

    test(
      'what a reader does to returned records does not change the store',
      withStore(async ({ store }) => {
        await store.putStatus(webStatus);
        const event = await store.appendAudit({ actor: 'ada', action: 'resume', app: 'web', detail: { note: 'ok' } });
        const id = await store.startSync(syncOf('web', 'a'));
        const read = (await store.listAudit())[0];
        read.actor = 'mallory';
        read.detail.note = 'changed';
        event.action = 'resume';
        (await store.getStatus('web'))!.conditions.push({ type: 'SyncError', message: 'x', since: 'y' });
        (await store.getSync(id))!.entries.push(deployed);
        assert.deepEqual((await store.listAudit())[0], {
          id: event.id,
          at: event.at,
          actor: 'ada',
          action: 'resume',
          app: 'web',
          detail: { note: 'ok' },
        });
        assert.equal((await store.getStatus('web'))!.conditions.length, 1);
        assert.deepEqual((await store.getSync(id))!.entries, []);
      }),
    );

    test(
      'input outside the vocabulary is refused and nothing is written',
      withStore(async ({ store }) => {
        await assert.rejects(async () => store.startSync({ ...syncOf('web', 'a'), trigger: 'cron' as never }), StoreError);
        await assert.rejects(async () => store.putStatus({ ...webStatus, syncStatus: 'Fine' as never }), /syncStatus must be one of/);
        await assert.rejects(async () => store.appendAudit({ actor: '', action: 'rollback', detail: {} }), /audit.actor/);
        await assert.rejects(async () => store.finishSync(1, { result: 'Running' as never, entries: [] }), StoreError);
        assert.deepEqual(await store.listHistory('web'), []);
        assert.deepEqual(await store.listStatuses(), []);
        assert.deepEqual(await store.listAudit(), []);
      }),
    );

    test(
      'a closed store refuses to work',
      withStore(async ({ store }) => {
        await store.close();
        await assert.rejects(async () => store.listStatuses(), /closed/);
        await assert.rejects(async () => store.appendAudit({ actor: 'a', action: 'resume', detail: {} }), StoreError);
        await store.close();
      }),
    );

    test('a history limit that is not a positive integer is refused', () => {
      assert.throws(() => factory({ historyLimit: 0 }), /historyLimit must be a positive integer/);
    });

    if (capabilities.persistent) {
      test('everything survives closing and reopening', async () => {
        const s = await factory({ clock: steppingClock() });
        try {
          await s.store.putStatus(webStatus);
          const id = await s.store.startSync(syncOf('web', 'a'));
          await s.store.finishSync(id, { result: 'Succeeded', entries: [deployed] });
          const running = await s.store.startSync(syncOf('web', 'b'));
          const event = await s.store.appendAudit({ actor: 'ada', action: 'rollback', app: 'web', detail: { to: 'a' } });
          const before = {
            status: await s.store.getStatus('web'),
            history: await s.store.listHistory('web'),
            audit: await s.store.listAudit(),
          };
          await s.store.close();
          const reopened = await s.reopen!({ clock: steppingClock('2025-06-01T00:00:00.000Z') });
          try {
            assert.deepEqual(
              { status: await reopened.getStatus('web'), history: await reopened.listHistory('web'), audit: await reopened.listAudit() },
              before,
            );
            assert.equal(await reopened.markInterrupted(), 1);
            assert.equal((await reopened.getSync(running))!.result, 'Interrupted');
            assert.equal((await reopened.getSync(running))!.finishedAt, '2025-06-01T00:00:00.000Z');
            assert.ok((await reopened.appendAudit({ actor: 'agent', action: 'agent.started', detail: {} })).id > event.id);
          } finally {
            await reopened.close();
          }
        } finally {
          await s.store.close();
          await s.cleanup();
        }
      });
    }

    if (capabilities.sql) {
      test(
        'audit rows cannot be updated or deleted even through raw SQL',
        withStore(async ({ store, rawSql }) => {
          const event = await store.appendAudit({ actor: 'ada', action: 'rollback', app: 'web', detail: { to: 'a' } });
          await assert.rejects(() => rawSql!(`UPDATE audit_log SET actor = 'mallory' WHERE id = ${event.id}`), /append-only/);
          await assert.rejects(() => rawSql!(`DELETE FROM audit_log WHERE id = ${event.id}`), /append-only/);
          await assert.rejects(() => rawSql!('DELETE FROM audit_log'), /append-only/);
          assert.deepEqual(await store.listAudit(), [event]);
        }),
      );
    }
  });
}
