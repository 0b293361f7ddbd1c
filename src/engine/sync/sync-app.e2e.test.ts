import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { syncApplication } from './sync-app.js';
import { diffApplication } from '../diff-app.js';
import { createTestRepo, type TestRepo } from '../../../test/support/git-repo.js';
import { configMap, deployment as deploymentManifest } from '../../../test/support/manifests.js';
import {
  createEngineFixture,
  deleteNamespace,
  getObject,
  testApp,
  uniqueName,
  watchRequests,
} from '../../../test/support/engine-fixture.js';
import { RenderError } from '../../core/errors.js';

const cm = configMap;
const deployment = (name: string, replicas: number) => deploymentManifest(name, `  replicas: ${replicas}\n`);

describe('sync against a real API server', () => {
  const fx = createEngineFixture();
  const namespaces: string[] = [];
  const repos: TestRepo[] = [];
  const newNamespace = () => {
    const ns = uniqueName('e2e');
    namespaces.push(ns);
    return ns;
  };
  const newRepo = (files: Record<string, string>) => {
    const r = createTestRepo(files);
    repos.push(r);
    return r;
  };
  const gone = async (apiPath: string) => {
    for (let i = 0; i < 200; i++) {
      const live = await getObject(fx.target, apiPath);
      if (!live) return;
      assert.ok(live.metadata.deletionTimestamp, `${apiPath} is being deleted`);
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail(`${apiPath} still exists after 10 s`);
  };

  after(async () => {
    for (const ns of namespaces) await deleteNamespace(fx.target, ns);
    for (const r of repos) r.remove();
    fx.close();
  });

  test('a first sync creates, a second changes nothing and writes nothing, an edit configures, a removal prunes', async () => {
    const ns = newNamespace();
    const repo = newRepo({
      'manifests/a.yaml': cm('a', '1'),
      'manifests/b.yaml': cm('b', '1'),
      'manifests/web.yaml': deployment('web', 1),
    });
    const app = testApp(uniqueName('crud'), repo.dir, ns);

    const first = await syncApplication(fx, app);
    assert.equal(first.phase, 'Succeeded', first.message);
    assert.deepEqual(
      first.entries.map((e) => `${e.action} ${e.ref.kind}/${e.ref.name}`).sort(),
      ['created ConfigMap/a', 'created ConfigMap/b', 'created Deployment/web', 'created Namespace/' + ns].sort(),
    );
    const a1 = await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/a`);
    assert.equal(a1?.metadata.labels?.['tideway.dev/app'], app.name);

    const second = await syncApplication(fx, app);
    assert.ok(
      second.entries.every((e) => e.action === 'unchanged'),
      JSON.stringify(second.entries),
    );
    const a2 = await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/a`);
    assert.equal(a2?.metadata.resourceVersion, a1?.metadata.resourceVersion, 'no write when nothing changed');
    const web = await getObject(fx.target, `/apis/apps/v1/namespaces/${ns}/deployments/web`);

    repo.commit({ 'manifests/a.yaml': cm('a', '2'), 'manifests/b.yaml': null });
    const third = await syncApplication(fx, app);
    const actions = Object.fromEntries(third.entries.map((e) => [`${e.ref.kind}/${e.ref.name}`, e.action]));
    assert.deepEqual(actions, { 'ConfigMap/a': 'configured', 'Deployment/web': 'unchanged', 'ConfigMap/b': 'pruned' });
    assert.equal(
      (await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/a`))?.data &&
        ((await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/a`))!.data as Record<string, string>).value,
      '2',
    );
    await gone(`/api/v1/namespaces/${ns}/configmaps/b`); // foreground deletion: gone once the garbage collector is done
    // Not written by the sync: its spec and Tideway's managedFields entry are as they were (the
    // Deployment controller may still be writing its status, which changes the resourceVersion).
    const webAfter = await getObject(fx.target, `/apis/apps/v1/namespaces/${ns}/deployments/web`);
    const tidewayEntry = (o: typeof web) =>
      JSON.stringify((o?.metadata.managedFields as Array<{ manager: string }> | undefined)?.filter((m) => m.manager === 'tideway'));
    assert.equal(webAfter?.metadata.generation, web?.metadata.generation);
    assert.equal(tidewayEntry(webAfter), tidewayEntry(web));
    assert.match(tidewayEntry(web) ?? '', /"manager":"tideway"/);
  });

  test('the inventory is written once by a first sync, holds what a cancelled sync meant to apply, and is rewritten at the end only after a prune', async () => {
    const ns = newNamespace();
    const extraNs = newNamespace();
    const repo = newRepo({ 'manifests/a.yaml': cm('a', '1'), 'manifests/b.yaml': cm('b', '1') });
    const app = testApp(uniqueName('inventory'), repo.dir, ns);
    const id = { name: app.name, inventoryNamespace: ns };
    const names = async () => (await fx.target.readInventory(id))?.objects.map((r) => `${r.kind}/${r.name}`).sort();
    let writes = 0;
    const stopWatching = watchRequests(fx.target, (method, path, options) => {
      if (method !== 'GET' && path.includes('/configmaps/tideway-inventory')) writes++;
    });
    try {
      assert.equal((await syncApplication(fx, app)).phase, 'Succeeded');
      assert.equal(writes, 1, 'a first sync records its inventory once');
      assert.deepEqual(await names(), ['ConfigMap/a', 'ConfigMap/b']);

      // Cancelled after the first stage (the new Namespace): ConfigMap c was never applied, yet the
      // inventory already lists it, so a later sync that drops it from Git can prune it.
      repo.commit({
        'manifests/extra.yaml': `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${extraNs}\n`,
        'manifests/c.yaml': cm('c', '1'),
      });
      const cancel = new AbortController();
      await assert.rejects(
        syncApplication(fx, app, {
          signal: cancel.signal,
          onEvent: (e) => {
            if (e.type === 'object' && e.entry.ref.kind === 'Namespace') cancel.abort();
          },
        }),
        /cancelled/,
      );
      assert.equal(await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/c`), undefined);
      assert.deepEqual(await names(), ['ConfigMap/a', 'ConfigMap/b', 'ConfigMap/c', `Namespace/${extraNs}`]);

      repo.commit({ 'manifests/b.yaml': null });
      writes = 0;
      const pruned = await syncApplication(fx, app);
      assert.equal(pruned.phase, 'Succeeded', pruned.message);
      assert.equal(pruned.entries.find((e) => e.ref.name === 'b')?.action, 'pruned');
      assert.equal(writes, 2, 'recorded up front with b, and again without it once pruned');
      assert.deepEqual(await names(), ['ConfigMap/a', 'ConfigMap/c', `Namespace/${extraNs}`]);
    } finally {
      stopWatching();
    }
  });

  test('a re-sync lists each kind once, started from the last inventory while the source renders, and still sees drift', async () => {
    const ns = newNamespace();
    const repo = newRepo({
      'manifests/a.yaml': cm('a', '1'),
      'manifests/b.yaml': cm('b', '1'),
      'manifests/web.yaml': deployment('web', 1),
    });
    const app = testApp(uniqueName('prefetch'), repo.dir, ns);
    assert.equal((await syncApplication(fx, app)).phase, 'Succeeded');
    // Drift made by hand: the early list must see it.
    const deleted = await fx.target.client.request('DELETE', `/api/v1/namespaces/${ns}/configmaps/a`);
    assert.equal(deleted.status, 200);
    await gone(`/api/v1/namespaces/${ns}/configmaps/a`);

    const lists: string[] = [];
    const stopWatching = watchRequests(fx.target, (method, path, options) => {
      if (method === 'GET' && options?.query?.labelSelector) lists.push(path);
    });
    // A source whose fetch takes a while, as a remote one does (git running, talking to the
    // server): the lists must go out meanwhile.
    const slowSource = {
      ...fx.source,
      resolve: async (...args: Parameters<typeof fx.source.resolve>) => {
        args[1]?.onFetchStarted?.();
        await new Promise((r) => setTimeout(r, 400));
        return fx.source.resolve(...args);
      },
    };
    let listedBeforeRender = -1;
    try {
      const res = await syncApplication({ ...fx, source: slowSource }, app, {
        onRendered: (objects) => {
          listedBeforeRender = lists.length;
          return objects;
        },
      });
      assert.equal(res.phase, 'Succeeded', res.message);
      assert.deepEqual(Object.fromEntries(res.entries.map((e) => [`${e.ref.kind}/${e.ref.name}`, e.action])), {
        'ConfigMap/a': 'created',
        'ConfigMap/b': 'unchanged',
        'Deployment/web': 'unchanged',
      });
    } finally {
      stopWatching();
    }
    assert.equal(listedBeforeRender, 2, 'both lists went out before the render finished');
    assert.deepEqual(lists.sort(), [`/api/v1/namespaces/${ns}/configmaps`, `/apis/apps/v1/namespaces/${ns}/deployments`], 'and none after');
    assert.ok(await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/a`));
  });

  test('the inventory is read once the source has started fetching, so git starts first; without that signal, once the render is done', async () => {
    const ns = newNamespace();
    const repo = newRepo({ 'manifests/a.yaml': cm('a', '1') });
    const app = testApp(uniqueName('order'), repo.dir, ns);
    const events: string[] = [];
    const stopWatching = watchRequests(fx.target, (method, path, options) => {
      if (method === 'GET' && path.includes('/configmaps/tideway-inventory')) events.push('inventory read');
    });
    const source = (signals: boolean) => ({
      ...fx.source,
      resolve: async (spec: Parameters<typeof fx.source.resolve>[0], options?: Parameters<typeof fx.source.resolve>[1]) => {
        await new Promise((r) => setTimeout(r, 150)); // local work before git runs (creating the mirror)
        events.push('fetch started');
        if (signals) options?.onFetchStarted?.();
        await new Promise((r) => setTimeout(r, 150));
        const revision = await fx.source.resolve(spec);
        events.push('resolved');
        return revision;
      },
    });
    try {
      const first = await syncApplication({ ...fx, source: source(true) }, app);
      assert.equal(first.phase, 'Succeeded', first.message);
      assert.deepEqual(events, ['fetch started', 'inventory read', 'resolved']);
      events.length = 0;
      const second = await syncApplication({ ...fx, source: source(false) }, app, {
        onRendered: (objects) => {
          events.push('rendered');
          return objects;
        },
      });
      assert.equal(second.phase, 'Succeeded', second.message);
      assert.deepEqual(
        second.entries.map((e) => e.action),
        ['unchanged'],
      );
      assert.deepEqual(events, ['fetch started', 'resolved', 'rendered', 'inventory read']);
    } finally {
      stopWatching();
    }
  });

  test('a first sync looks up nothing in the namespace it has just created, and creates every object there', async () => {
    const ns = newNamespace();
    const repo = newRepo({ 'manifests/a.yaml': cm('a', '1'), 'manifests/web.yaml': deployment('web', 1) });
    const app = testApp(uniqueName('newns'), repo.dir, ns);
    const lists: string[] = [];
    const stopWatching = watchRequests(fx.target, (method, path, options) => {
      if (method === 'GET' && options?.query?.labelSelector) lists.push(path);
    });
    try {
      const first = await syncApplication(fx, app);
      assert.equal(first.phase, 'Succeeded', first.message);
      assert.deepEqual(first.entries.map((e) => `${e.action} ${e.ref.kind}`).sort(), [
        'created ConfigMap',
        'created Deployment',
        'created Namespace',
      ]);
      assert.deepEqual(lists, [], 'no list in a namespace created by this sync');
      const second = await syncApplication(fx, app);
      assert.deepEqual(
        second.entries.map((e) => e.action),
        ['unchanged', 'unchanged'],
      );
      assert.equal(lists.length, 2, 'a re-sync lists both kinds');
    } finally {
      stopWatching();
    }
  });

  test('a field removed from Git is removed from the live object', async () => {
    const ns = newNamespace();
    const repo = newRepo({ 'manifests/a.yaml': cm('a', '1').replace('metadata:\n', 'metadata:\n  labels: { tier: web }\n') });
    const app = testApp(uniqueName('field'), repo.dir, ns);
    await syncApplication(fx, app);
    repo.commit({ 'manifests/a.yaml': cm('a', '1') });
    const res = await syncApplication(fx, app);
    assert.equal(res.entries.find((e) => e.ref.name === 'a')?.action, 'configured');
    assert.equal((await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/a`))?.metadata.labels?.tier, undefined);
  });

  test('nothing is pruned when prune is off; the object stays in the inventory', async () => {
    const ns = newNamespace();
    const repo = newRepo({ 'manifests/a.yaml': cm('a', '1'), 'manifests/b.yaml': cm('b', '1') });
    const app = testApp(uniqueName('noprune'), repo.dir, ns, { prune: false });
    await syncApplication(fx, app);
    repo.commit({ 'manifests/b.yaml': null });
    const res = await syncApplication(fx, app);
    assert.ok(!res.entries.some((e) => e.action === 'pruned'));
    assert.ok(await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/b`));
    const withPrune = await syncApplication(fx, app, { prune: true });
    assert.equal(withPrune.entries.find((e) => e.ref.name === 'b')?.action, 'pruned');
  });

  test('PruneLast prunes only once everything else is healthy', async () => {
    const ns = newNamespace();
    const repo = newRepo({
      'manifests/a.yaml': cm('a', '1'),
      'manifests/b.yaml': cm('b', '1'),
      'manifests/web.yaml': deployment('web', 1),
    });
    const app = testApp(uniqueName('prunelast'), repo.dir, ns, { syncOptions: ['CreateNamespace=true', 'PruneLast=true'] });
    assert.equal((await syncApplication(fx, app)).phase, 'Succeeded', 'nothing to prune: no wait');
    repo.commit({ 'manifests/b.yaml': null });
    const waiting = await syncApplication(fx, app, { timeoutMs: 1500 });
    assert.equal(waiting.phase, 'Failed');
    assert.match(waiting.message ?? '', /PruneLast: 1 object\(s\) not pruned/);
    assert.match(waiting.message ?? '', /Deployment\/.*\/web Progressing/);
    assert.ok(
      await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/b`),
      'not pruned while the Deployment is not healthy (no kubelet here)',
    );
    repo.commit({ 'manifests/web.yaml': null });
    const done = await syncApplication(fx, app, { timeoutMs: 10_000 });
    assert.equal(done.phase, 'Succeeded', done.message);
    assert.deepEqual(
      done.entries
        .filter((e) => e.action === 'pruned')
        .map((e) => e.ref.name)
        .sort(),
      ['b', 'web'],
    );
  });

  test('a render error aborts the sync: nothing applied, nothing pruned', async () => {
    const ns = newNamespace();
    const repo = newRepo({ 'manifests/a.yaml': cm('a', '1'), 'manifests/b.yaml': cm('b', '1') });
    const app = testApp(uniqueName('broken'), repo.dir, ns);
    await syncApplication(fx, app);
    repo.commit({ 'manifests/a.yaml': cm('a', '2'), 'manifests/b.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b\n' });
    await assert.rejects(syncApplication(fx, app), (e: unknown) => e instanceof RenderError && /b\.yaml/.test((e as Error).message));
    assert.equal(((await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/a`))!.data as Record<string, string>).value, '1');
    assert.ok(await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/b`));
  });

  test('an empty render does not prune unless the app sets allowEmpty', async () => {
    const ns = newNamespace();
    const repo = newRepo({ 'manifests/a.yaml': cm('a', '1'), 'manifests/README.md': '# app\n' });
    const app = testApp(uniqueName('empty'), repo.dir, ns);
    await syncApplication(fx, app);
    repo.commit({ 'manifests/a.yaml': null });
    // Every file left was skipped: the render fails (EmptyRender, naming them), so nothing is pruned.
    await assert.rejects(
      syncApplication(fx, app),
      (e: Error & { code?: string }) => e.code === 'EmptyRender' && /README\.md/.test(e.message),
    );
    assert.ok(await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/a`));
    const allowed = await syncApplication(fx, { ...app, syncPolicy: { ...app.syncPolicy, allowEmpty: true } });
    assert.equal(allowed.entries.find((e) => e.ref.name === 'a')?.action, 'pruned');
  });

  test('an object that lost the ownership mark is never pruned', async () => {
    const ns = newNamespace();
    const repo = newRepo({ 'manifests/a.yaml': cm('a', '1'), 'manifests/b.yaml': cm('b', '1') });
    const app = testApp(uniqueName('owned'), repo.dir, ns);
    await syncApplication(fx, app);
    await fx.target.client.request('PATCH', `/api/v1/namespaces/${ns}/configmaps/b`, {
      body: { metadata: { annotations: { 'tideway.dev/tracking-id': 'someone-else:/ConfigMap:x/b' } } },
      contentType: 'application/merge-patch+json',
    });
    repo.commit({ 'manifests/b.yaml': null });
    const res = await syncApplication(fx, app);
    const b = res.entries.find((e) => e.ref.name === 'b');
    assert.equal(b?.action, 'skipped');
    assert.equal(b?.reason, 'NotOwned');
    assert.ok(await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/b`));
  });

  test('a CRD and custom resources of that CRD sync in one go, and prune in reverse order', async () => {
    const ns = newNamespace();
    const group = `${uniqueName('g')}.example.com`;
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: gadgets.${group} }
spec:
  group: ${group}
  scope: Namespaced
  names: { kind: Gadget, plural: gadgets, singular: gadget, listKind: GadgetList }
  versions:
  - name: v1
    served: true
    storage: true
    schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
`;
    const cr = `apiVersion: ${group}/v1\nkind: Gadget\nmetadata: { name: g1 }\nspec: { size: 3 }\n`;
    const repo = newRepo({ 'manifests/crd.yaml': crd, 'manifests/cr.yaml': cr });
    const app = testApp(uniqueName('crd'), repo.dir, ns);
    const dry = await syncApplication(fx, app, { dryRun: true });
    assert.equal(dry.phase, 'Succeeded', dry.message);
    assert.equal(dry.entries.find((e) => e.ref.kind === 'Gadget')?.action, 'skipped');
    const res = await syncApplication(fx, app);
    assert.equal(res.phase, 'Succeeded', JSON.stringify(res.entries.filter((e) => e.action === 'failed')));
    assert.equal(res.entries.find((e) => e.ref.kind === 'Gadget')?.action, 'created');
    assert.ok(await getObject(fx.target, `/apis/${group}/v1/namespaces/${ns}/gadgets/g1`));
    repo.commit({ 'manifests/crd.yaml': null, 'manifests/cr.yaml': null, 'manifests/keep.yaml': cm('keep', '1') });
    const pruned = await syncApplication(fx, app);
    assert.deepEqual(
      pruned.entries.filter((e) => e.action === 'pruned').map((e) => e.ref.kind),
      ['Gadget', 'CustomResourceDefinition'],
    );
  });

  test('Git wins: a field another manager changed is taken back by the next sync, and the diff shows it', async () => {
    const ns = newNamespace();
    const repo = newRepo({ 'manifests/a.yaml': cm('a', '1'), 'manifests/b.yaml': cm('b', '1') });
    const app = testApp(uniqueName('conflict'), repo.dir, ns);
    await syncApplication(fx, app);
    const other = await fx.target.client.request('PATCH', `/api/v1/namespaces/${ns}/configmaps/a`, {
      query: { fieldManager: 'someone-else', force: 'true' },
      contentType: 'application/apply-patch+yaml',
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: ns }, data: { value: 'theirs' } },
    });
    assert.equal(other.status, 200);
    repo.commit({ 'manifests/a.yaml': cm('a', 'ours'), 'manifests/b.yaml': cm('b', '2') });
    const diff = await diffApplication(fx, app);
    const da = diff.entries.find((e) => e.ref.name === 'a');
    assert.equal(da?.change, 'update', da?.message);
    assert.match(da?.diff ?? '', /- {2}value: theirs\n\+ {2}value: ours/);
    const res = await syncApplication(fx, app);
    assert.equal(res.phase, 'Succeeded');
    assert.deepEqual(
      res.entries.filter((e) => e.ref.kind === 'ConfigMap').map((e) => [e.ref.name, e.action]),
      [
        ['a', 'configured'],
        ['b', 'configured'],
      ],
    );
    assert.equal(((await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/a`))!.data as Record<string, string>).value, 'ours');
  });

  test('ignoreDifferences: a field another manager changed is not a difference nor reverted until Git changes the object; RespectIgnoreDifferences keeps it then too', async () => {
    const ns = newNamespace();
    const sized = (value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sized\ndata:\n  value: "${value}"\n  size: "2"\n`;
    const repo = newRepo({ 'manifests/sized.yaml': sized('1') });
    const base = testApp(uniqueName('ignore'), repo.dir, ns);
    const app = { ...base, ignoreDifferences: [{ kind: 'ConfigMap', name: 'sized', jsonPointers: ['/data/size'] }] };
    const path = `/api/v1/namespaces/${ns}/configmaps/sized`;
    const dataOf = async () => (await getObject(fx.target, path))!.data as Record<string, string>;
    const resize = async (size: string) => {
      const res = await fx.target.client.request('PATCH', path, {
        query: { fieldManager: 'autoscaler', force: 'true' },
        contentType: 'application/apply-patch+yaml',
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'sized', namespace: ns }, data: { size } },
      });
      assert.equal(res.status, 200);
    };
    await syncApplication(fx, app);
    await resize('5');

    const diff = await diffApplication(fx, app);
    assert.deepEqual(
      diff.entries.map((e) => [e.ref.name, e.change]),
      [['sized', 'none']],
    );
    const again = await syncApplication(fx, app);
    assert.deepEqual(
      again.entries.filter((e) => e.ref.kind === 'ConfigMap').map((e) => e.action),
      ['unchanged'],
    );
    assert.equal((await dataOf()).size, '5', 'an ignored field is not reverted while Git has not changed');

    // Git changes the object: by default the whole object is applied, Git's size included.
    repo.commit({ 'manifests/sized.yaml': sized('2') });
    await syncApplication(fx, app);
    assert.deepEqual(await dataOf(), { value: '2', size: '2' });

    // RespectIgnoreDifferences=true: the sync keeps the live value of the ignored field.
    await resize('7');
    repo.commit({ 'manifests/sized.yaml': sized('3') });
    const respecting = {
      ...app,
      syncPolicy: { ...app.syncPolicy, options: { ...app.syncPolicy.options, respectIgnoreDifferences: true } },
    };
    const res = await syncApplication(fx, respecting);
    assert.equal(res.phase, 'Succeeded', res.message);
    assert.deepEqual(await dataOf(), { value: '3', size: '7' });
  });

  test('a first deploy into a namespace that does not exist yet can be previewed by diff and a dry run, writing nothing', async () => {
    const ns = newNamespace();
    const repo = newRepo({
      'manifests/a.yaml': cm('a', '1'),
      'manifests/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata: { name: creds }\nstringData: { password: hunter2 }\n`,
      'manifests/role.yaml': `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: ${ns}-reader }\nrules: []\n`,
    });
    const app = testApp(uniqueName('preview'), repo.dir, ns);
    const diff = await diffApplication(fx, app);
    assert.equal(diff.inSync, false);
    assert.deepEqual(
      diff.entries.map((e) => [e.ref.kind, e.change]),
      [
        ['Namespace', 'create'],
        ['ConfigMap', 'create'],
        ['ClusterRole', 'create'],
        ['Secret', 'create'],
      ],
    );
    assert.match(diff.entries[1].diff, /\+ {2}value: "?1"?/);
    const secret = diff.entries.find((e) => e.ref.kind === 'Secret')!;
    assert.match(secret.diff, /password: "\*+"/);
    assert.doesNotMatch(secret.diff, /hunter2/, 'Secret values stay masked in a new object too');
    const dry = await syncApplication(fx, app, { dryRun: true });
    assert.equal(dry.phase, 'Succeeded', dry.message);
    assert.deepEqual(
      dry.entries.map((e) => [e.ref.kind, e.action]),
      [
        ['Namespace', 'created'],
        ['ClusterRole', 'created'],
        ['Secret', 'created'],
        ['ConfigMap', 'created'],
      ],
    );
    assert.match(dry.entries.find((e) => e.ref.kind === 'ConfigMap')!.message!, /namespace .* does not exist yet/);
    assert.equal(await getObject(fx.target, `/api/v1/namespaces/${ns}`), undefined, 'a dry run creates nothing');
    assert.equal(await getObject(fx.target, `/apis/rbac.authorization.k8s.io/v1/clusterroles/${ns}-reader`), undefined);
  });

  test('CreateNamespace=true creates the destination namespace; without it a missing namespace fails the objects', async () => {
    const ns = newNamespace();
    const repo = newRepo({ 'manifests/a.yaml': cm('a', '1') });
    const without = await syncApplication(fx, testApp(uniqueName('nons'), repo.dir, ns, { syncOptions: [] }));
    assert.equal(without.phase, 'Failed');
    assert.match(without.entries[0].message ?? '', /not ?found|namespace/i);
    const mkns = uniqueName('mkns');
    const res = await syncApplication(fx, testApp(mkns, repo.dir, ns));
    assert.equal(res.entries[0].action, 'created');
    assert.equal(res.entries[0].ref.kind, 'Namespace');
    assert.equal(
      (await getObject(fx.target, `/api/v1/namespaces/${ns}`))?.status &&
        ((await getObject(fx.target, `/api/v1/namespaces/${ns}`))!.status as { phase: string }).phase,
      'Active',
    );
    // Once it exists, the namespace is left as it is: no entry, no write.
    const before = (await getObject(fx.target, `/api/v1/namespaces/${ns}`))?.metadata.resourceVersion;
    const again = await syncApplication(fx, testApp(mkns, repo.dir, ns));
    assert.equal(again.phase, 'Succeeded', again.message);
    assert.ok(!again.entries.some((e) => e.ref.kind === 'Namespace'), JSON.stringify(again.entries));
    assert.equal((await getObject(fx.target, `/api/v1/namespaces/${ns}`))?.metadata.resourceVersion, before);
  });

  test('diff shows what would change, masks secret values, and reports in sync after a sync', async () => {
    const ns = newNamespace();
    const secret = (pw: string) =>
      `apiVersion: v1\nkind: Secret\nmetadata: { name: creds }\nstringData: { password: ${pw}, user: admin }\n`;
    const repo = newRepo({ 'manifests/s.yaml': secret('hunter2-first'), 'manifests/a.yaml': cm('a', '1') });
    const app = testApp(uniqueName('diff'), repo.dir, ns);
    await syncApplication(fx, app);
    assert.ok((await diffApplication(fx, app)).inSync);
    repo.commit({ 'manifests/s.yaml': secret('hunter2-second'), 'manifests/a.yaml': cm('a', '2') });
    const d = await diffApplication(fx, app);
    assert.equal(d.inSync, false);
    const text = JSON.stringify(d);
    for (const leaked of [
      'hunter2',
      Buffer.from('hunter2-first').toString('base64'),
      Buffer.from('hunter2-second').toString('base64'),
      Buffer.from('admin').toString('base64'),
    ]) {
      assert.ok(!text.includes(leaked), `diff leaks ${leaked}`);
    }
    const s = d.entries.find((e) => e.ref.kind === 'Secret')!;
    assert.equal(s.change, 'update');
    assert.match(s.diff, /password: "?\*{8,}/);
    assert.match(d.entries.find((e) => e.ref.name === 'a')!.diff, /\+ {2}value: "2"/);
  });

  test('objects Helm or Argo CD manage are not taken over (OwnedElsewhere) nor ever pruned; Adopt=true takes them, reported as adopted', async () => {
    const ns = newNamespace();
    await fx.target.ensureNamespace!(ns, {});
    const put = async (name: string, metadata: Record<string, unknown>, manager: string) => {
      const res = await fx.target.client.request('PATCH', `/api/v1/namespaces/${ns}/configmaps/${name}`, {
        query: { fieldManager: manager, force: 'true' },
        contentType: 'application/apply-patch+yaml',
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, ...metadata }, data: { value: 'theirs' } },
      });
      assert.equal(res.status, 201);
    };
    await put('helm', { labels: { 'app.kubernetes.io/managed-by': 'Helm' }, annotations: { 'meta.helm.sh/release-name': 'web' } }, 'helm');
    await put('argo', {}, 'argocd-controller');
    await put('mine', {}, 'kubectl');
    const repo = newRepo({
      'manifests/helm.yaml': cm('helm', 'ours'),
      'manifests/argo.yaml': cm('argo', 'ours'),
      'manifests/mine.yaml': cm('mine', 'ours'),
    });
    const app = testApp(uniqueName('owned'), repo.dir, ns);
    const res = await syncApplication(fx, app);
    assert.equal(res.phase, 'Failed');
    const by = (name: string) => res.entries.find((e) => e.ref.name === name)!;
    assert.deepEqual([by('helm').action, by('helm').reason], ['failed', 'OwnedElsewhere']);
    assert.match(by('helm').message!, /managed by Helm release web/);
    assert.deepEqual([by('argo').action, by('argo').reason], ['failed', 'OwnedElsewhere']);
    assert.match(by('argo').message!, /Argo CD \(field manager argocd-controller\)/);
    assert.deepEqual([by('mine').action, by('mine').reason], ['configured', 'Adopted'], 'an object nobody manages is adopted');
    const value = async (name: string) =>
      ((await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/${name}`))?.data as { value?: string })?.value;
    assert.equal(await value('helm'), 'theirs');
    assert.equal(await value('argo'), 'theirs');
    // Leaving Git never prunes them: they were never the app's.
    repo.commit({ 'manifests/helm.yaml': null, 'manifests/argo.yaml': null });
    await syncApplication(fx, app);
    assert.equal(await value('helm'), 'theirs');
    assert.equal(await value('argo'), 'theirs');
    repo.commit({ 'manifests/helm.yaml': cm('helm', 'ours') });
    const adopted = await syncApplication(fx, testApp(app.name, repo.dir, ns, { syncOptions: ['CreateNamespace=true', 'Adopt=true'] }));
    assert.equal(adopted.phase, 'Succeeded', adopted.message);
    assert.deepEqual([adopted.entries.find((e) => e.ref.name === 'helm')?.reason], ['Adopted']);
    assert.equal(await value('helm'), 'ours');
  });

  test('two apps never silently own one object: the second fails with SharedResource naming the first, and AdoptFrom transfers it', async () => {
    const ns = newNamespace();
    const repo = newRepo({ 'manifests/shared.yaml': cm('shared', '1') });
    const shop = testApp(uniqueName('shop'), repo.dir, ns);
    const copycat = testApp(uniqueName('copycat'), repo.dir, ns);
    assert.equal((await syncApplication(fx, shop)).phase, 'Succeeded');
    const second = await syncApplication(fx, copycat);
    const entry = second.entries.find((e) => e.ref.name === 'shared')!;
    assert.deepEqual([second.phase, entry.action, entry.reason], ['Failed', 'failed', 'SharedResource']);
    assert.match(entry.message!, new RegExp(`belongs to the Tideway app ${shop.name}`));
    const label = async () =>
      (await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/shared`))?.metadata.labels?.['tideway.dev/app'];
    assert.equal(await label(), shop.name, 'the label does not flip');
    assert.equal((await syncApplication(fx, shop)).phase, 'Succeeded', 'the owner keeps syncing it');
    const transfer = testApp(copycat.name, repo.dir, ns, { syncOptions: ['CreateNamespace=true', `AdoptFrom=${shop.name}`] });
    assert.equal((await syncApplication(fx, transfer)).phase, 'Succeeded');
    assert.equal(await label(), copycat.name);
  });

  test('an app another agent keeps is left alone: ManagedByAnotherAgent, nothing written, unless taken over', async () => {
    const ns = newNamespace();
    const repo = newRepo({ 'manifests/a.yaml': cm('a', '1') });
    const app = testApp(uniqueName('agents'), repo.dir, ns);
    assert.equal((await syncApplication({ ...fx, manager: 'agent/host-a/1111111111111111' }, app)).phase, 'Succeeded');
    repo.commit({ 'manifests/a.yaml': cm('a', '2') });
    await assert.rejects(
      syncApplication({ ...fx, manager: 'agent/host-b/2222222222222222' }, app),
      (e: Error & { code?: string }) => e.code === 'ManagedByAnotherAgent' && /kept in sync by agent\/host-a/.test(e.message),
    );
    await assert.rejects(syncApplication(fx, app), /kept in sync by agent\/host-a/, "a person's sync too");
    assert.equal(((await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/a`))!.data as { value: string }).value, '1');
    assert.equal((await syncApplication({ ...fx, manager: 'agent/host-b/2222222222222222' }, app, { adopt: true })).phase, 'Succeeded');
    assert.equal(((await getObject(fx.target, `/api/v1/namespaces/${ns}/configmaps/a`))!.data as { value: string }).value, '2');
  });
});
