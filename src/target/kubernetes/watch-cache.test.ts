import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Manifest } from '../../core/model/manifest.js';
import { APP_LABEL } from '../../core/inventory/ownership.js';
import type { ResourceInfo } from './resource-info.js';
import type { RestClient } from './rest-client.js';
import { createWatchCache, notNewer, type OwnedObjectEvent } from './watch-cache.js';

const configMaps: ResourceInfo = { group: '', version: 'v1', kind: 'ConfigMap', name: 'configmaps', namespaced: true };

const cm = (name: string, rv: string): Manifest => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'ns', resourceVersion: rv, labels: { [APP_LABEL]: 'web' } },
});

/**
 * A RestClient whose lists answer what the test queued and whose watch streams deliver exactly the
 * events the test sends, in its order, and end when it says: the watch cache's inputs, scripted.
 */
function scriptedApiServer() {
  const lists: Array<{ items: Manifest[]; rv: string }> = [];
  let listCalls = 0;
  let watch: { send(type: string, object: Manifest): void; end(): void; query: Record<string, string | undefined> } | undefined;
  let opened: () => void = () => {};
  let nextOpen = new Promise<void>((r) => (opened = r));
  const client: RestClient = {
    server: 'https://scripted',
    contextName: 'scripted',
    async request() {
      listCalls++;
      const answer = lists.shift();
      assert.ok(answer, 'a list the script did not expect');
      return { status: 200, body: { items: answer.items, metadata: { resourceVersion: answer.rv } } } as never;
    },
    stream(_path, query, onLine, signal) {
      return new Promise<void>((resolve) => {
        watch = {
          query,
          send: (type, object) => onLine(JSON.stringify({ type, object })),
          end: () => resolve(),
        };
        signal.addEventListener('abort', () => resolve());
        const done = opened;
        nextOpen = new Promise<void>((r) => (opened = r));
        done();
      });
    },
    close() {},
  };
  return {
    client,
    queueList: (items: Manifest[], rv: string) => lists.push({ items, rv }),
    listCalls: () => listCalls,
    /** The open watch, once the cache has opened it. */
    async watch() {
      if (!watch) await nextOpen;
      return watch!;
    },
    /** Ends the open watch (the server's timeout) and waits until the cache has opened the next one. */
    async endWatch() {
      const reopened = nextOpen;
      watch!.end();
      watch = undefined;
      await reopened;
      return watch!;
    },
  };
}

describe('watch cache', () => {
  test('an object deleted between an apply and its answer is not brought back by the answer', async () => {
    const api = scriptedApiServer();
    api.queueList([], '10');
    const cache = createWatchCache(api.client);
    try {
      await cache.ensure(configMaps);
      const watch = await api.watch();
      // The apply is written at 11; before its answer reaches Tideway, someone deletes the object at 12.
      watch.send('ADDED', cm('a', '11'));
      watch.send('DELETED', cm('a', '12'));
      cache.put(configMaps, cm('a', '11')); // the apply's answer, late
      assert.deepEqual(cache.owned(configMaps, 'web', 'ns'), []);
      // Even when the watch delivered nothing about it yet but has seen the kind past it.
      watch.send('ADDED', cm('other', '13'));
      watch.send('DELETED', cm('other', '14'));
      watch.send('BOOKMARK', { ...cm('x', '20'), metadata: { name: '', resourceVersion: '20' } } as Manifest);
      cache.put(configMaps, cm('b', '15'));
      assert.deepEqual(cache.owned(configMaps, 'web', 'ns'), []);
      // A newer answer than anything seen is written through, and an older one never replaces it.
      cache.put(configMaps, cm('c', '21'));
      cache.put(configMaps, cm('c', '16'));
      assert.deepEqual(
        cache.owned(configMaps, 'web', 'ns').map((o) => [o.metadata.name, o.metadata.resourceVersion]),
        [['c', '21']],
      );
    } finally {
      cache.close();
    }
  });

  test('kinds are listed again on schedule, and what the watch missed is found and reported', async () => {
    const api = scriptedApiServer();
    let clock = 0;
    api.queueList([cm('a', '5'), cm('b', '6')], '10');
    const cache = createWatchCache(api.client, { relistMs: 60_000, now: () => clock });
    const events: OwnedObjectEvent[] = [];
    cache.onEvent((e) => events.push(e));
    try {
      await cache.ensure(configMaps);
      const first = await api.watch();
      assert.equal(first.query.timeoutSeconds, '60', 'a watch lasts no longer than the time left before the next list');
      // The server ends the watch before the re-list is due: the watch resumes, nothing is listed.
      clock = 30_000;
      await api.endWatch();
      assert.equal(api.listCalls(), 1);
      // The deletion of "a" and a change to "b" were never delivered (lost across a reconnect).
      clock = 61_000;
      api.queueList([cm('b', '9'), cm('c', '8')], '12');
      await api.endWatch();
      assert.equal(api.listCalls(), 2);
      assert.deepEqual(
        cache
          .owned(configMaps, 'web', 'ns')
          .map((o) => o.metadata.name)
          .sort(),
        ['b', 'c'],
      );
      assert.deepEqual(
        events.map((e) => `${e.type} ${e.object.metadata.name}`),
        ['DELETED a', 'MODIFIED b', 'ADDED c'],
      );
    } finally {
      cache.close();
    }
  });
});

test('resourceVersions compare as etcd revisions; other forms are not ordered', () => {
  assert.equal(notNewer('9', '10'), true);
  assert.equal(notNewer('10', '10'), true);
  assert.equal(notNewer('11', '10'), false);
  assert.equal(notNewer('123456789012345678901', '123456789012345678900'), false);
  assert.equal(notNewer('a', '10'), undefined);
  assert.equal(notNewer(undefined, '10'), undefined);
});
