import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiHarness } from './testdata/api-harness.js';
import { shaA, shaB, shaC } from './testdata/fake-control.js';

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('GET /api/v1/apps and /apps/:name', () => {
  test('lists every app with its status', async () => {
    const { authed } = apiHarness();
    const res = await authed('/api/v1/apps');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    const { apps } = await res.json();
    assert.deepEqual(
      apps.map((a: any) => [a.name, a.status.syncStatus, a.status.health.status]),
      [
        ['web', 'Synced', 'Healthy'],
        ['edge', 'OutOfSync', 'Degraded'],
      ],
    );
  });

  test('shows one app, and answers 404 naming an unknown one', async () => {
    const { authed } = apiHarness();
    const web = await authed('/api/v1/apps/web');
    assert.equal(web.status, 200);
    const body = await web.json();
    assert.equal(body.name, 'web');
    assert.equal(body.status.revision.sha, shaC);
    const missing = await authed('/api/v1/apps/nope');
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { error: 'app "nope" not found' });
  });
});

describe('GET /api/v1/apps/:name/history and /syncs/:id', () => {
  test('history is newest first and honours limit', async () => {
    const { authed } = apiHarness();
    const all = await (await authed('/api/v1/apps/web/history')).json();
    assert.deepEqual(
      all.syncs.map((s: any) => s.id),
      [3, 2, 1],
    );
    const two = await (await authed('/api/v1/apps/web/history?limit=2')).json();
    assert.deepEqual(
      two.syncs.map((s: any) => s.revision.sha),
      [shaC, shaB],
    );
  });

  const badLimits = ['0', '-1', 'abc', '1.5', '1001', ''];
  for (const limit of badLimits) {
    test(`history?limit=${limit} is a 400 naming limit`, async () => {
      const { authed } = apiHarness();
      const res = await authed(`/api/v1/apps/web/history?limit=${limit}`);
      assert.equal(res.status, 400);
      assert.match((await res.json()).error, /^limit: must be an integer from 1 to 1000/);
    });
  }

  test('history of an unknown app is 404', async () => {
    const { authed } = apiHarness();
    const res = await authed('/api/v1/apps/nope/history');
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { error: 'app "nope" not found' });
  });

  test('a sync by id carries its per-object entries; unknown id 404, malformed id 400', async () => {
    const { authed } = apiHarness();
    const res = await authed('/api/v1/syncs/2');
    assert.equal(res.status, 200);
    const sync = await res.json();
    assert.equal(sync.result, 'Failed');
    assert.deepEqual(
      sync.entries.map((e: any) => e.action),
      ['failed', 'unchanged'],
    );
    const missing = await authed('/api/v1/syncs/99');
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { error: 'sync 99 not found' });
    const bad = await authed('/api/v1/syncs/x1');
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error, /^id: must be an integer/);
  });
});

describe('POST /api/v1/apps/:name/sync', () => {
  test("queues a sync as the admin token's holder, with the X-Tideway-User it names as a sub-identity, answering 202", async () => {
    const { authed, control } = apiHarness();
    const res = await authed('/api/v1/apps/web/sync', { method: 'POST', headers: { 'x-tideway-user': 'ada' } });
    assert.equal(res.status, 202);
    assert.deepEqual(await res.json(), { queued: true });
    assert.deepEqual(control.calls, [{ method: 'requestSync', app: 'web', who: 'admin (as ada)' }]);
  });

  test('without X-Tideway-User the actor is the authenticated user, admin', async () => {
    const { authed, control } = apiHarness();
    await authed('/api/v1/apps/web/sync', { method: 'POST' });
    assert.equal(control.calls[0].who, 'admin');
  });

  test('an X-Tideway-User that is too long or not printable is not recorded', async () => {
    const { authed, control } = apiHarness();
    const res = await authed('/api/v1/apps/web/sync', { method: 'POST', headers: { 'x-tideway-user': 'a'.repeat(129) } });
    assert.equal(res.status, 202);
    assert.equal(control.calls[0].who, 'admin');
  });

  test('prune and dryRun: prune is passed on; a dry run answers the diff and queues nothing', async () => {
    const { authed, control } = apiHarness();
    const queued = await authed('/api/v1/apps/web/sync', json({ prune: true }));
    assert.equal(queued.status, 202);
    assert.deepEqual(control.calls, [{ method: 'requestSync', app: 'web', who: 'admin', args: { prune: true } }]);
    const dry = await authed('/api/v1/apps/web/sync', json({ dryRun: true }));
    assert.equal(dry.status, 200);
    assert.equal((await dry.json()).entries[0].change, 'update');
    assert.equal(control.calls.at(-1)?.method, 'diff');
    const bad = await authed('/api/v1/apps/web/sync', json({ prune: 'yes' }));
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error, /^body\.prune: must be true or false/);
  });

  test("an unknown app is the control's 404", async () => {
    const { authed } = apiHarness();
    const res = await authed('/api/v1/apps/nope/sync', { method: 'POST' });
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { error: 'app "nope" not found' });
  });

  test('GET on an action route is not a route', async () => {
    const { authed, control } = apiHarness();
    const res = await authed('/api/v1/apps/web/sync');
    assert.equal(res.status, 404);
    assert.deepEqual(control.calls, []);
  });
});

describe('POST /api/v1/apps/:name/rollback and /resume', () => {
  test('rollback to a revision prefix answers 202 with the full revision and pauses the app', async () => {
    const { authed, control } = apiHarness();
    const res = await authed('/api/v1/apps/web/rollback', { ...json({ to: shaA.slice(0, 7) }), headers: { 'x-tideway-user': 'ada' } });
    assert.equal(res.status, 202);
    assert.deepEqual(await res.json(), { revision: shaA });
    assert.deepEqual(control.calls, [{ method: 'rollback', app: 'web', who: 'admin (as ada)', args: { to: shaA.slice(0, 7) } }]);
    assert.equal((await control.getApp('web'))?.status?.paused, true);
  });

  test('rollback by steps passes steps only', async () => {
    const { authed, control } = apiHarness();
    const res = await authed('/api/v1/apps/web/rollback', json({ steps: 1 }));
    assert.equal(res.status, 202);
    assert.deepEqual(await res.json(), { revision: shaB });
    assert.deepEqual(control.calls[0].args, { steps: 1 });
  });

  const badBodies: [string, string, RegExp][] = [
    ['both fields', '{"to":"abc","steps":1}', /^body: give exactly one of "to" .* got both/],
    ['neither field', '{}', /^body: give exactly one of .* got neither/],
    ['no body', '', /^body: give exactly one of .* got neither/],
    ['invalid JSON', '{"to":', /^body: is not valid JSON/],
    ['an array', '[1]', /^body: must be a JSON object/],
    ['an unknown field', '{"to":"abc","force":true}', /^body\.force: is not a known field/],
    ['steps zero', '{"steps":0}', /^body\.steps: must be an integer from 1/],
    ['steps as a string', '{"steps":"2"}', /^body\.steps: must be an integer/],
    ['steps fractional', '{"steps":1.5}', /^body\.steps: must be an integer/],
    ['to empty', '{"to":""}', /^body\.to: must be a revision/],
    ['to a number', '{"to":123}', /^body\.to: must be a revision/],
    ['to with a space', '{"to":"abc def"}', /^body\.to: must be a revision/],
  ];
  for (const [what, body, message] of badBodies) {
    test(`rollback with ${what} is a 400 naming the field, and the control is not called`, async () => {
      const { authed, control } = apiHarness();
      const res = await authed('/api/v1/apps/web/rollback', { method: 'POST', body });
      assert.equal(res.status, 400);
      assert.match((await res.json()).error, message);
      assert.deepEqual(control.calls, []);
    });
  }

  test('a rollback body over 64 KiB is a 413', async () => {
    const { authed, control } = apiHarness();
    const res = await authed('/api/v1/apps/web/rollback', json({ to: 'a'.repeat(70_000) }));
    assert.equal(res.status, 413);
    assert.match((await res.json()).error, /^body: larger than/);
    assert.deepEqual(control.calls, []);
  });

  test("the control's refusals keep their status: unknown revision 400, unknown app 404", async () => {
    const { authed } = apiHarness();
    const unknownRev = await authed('/api/v1/apps/web/rollback', json({ to: 'ffff' }));
    assert.equal(unknownRev.status, 400);
    assert.deepEqual(await unknownRev.json(), { error: 'revision ffff is not in the history of web' });
    const unknownApp = await authed('/api/v1/apps/nope/rollback', json({ steps: 1 }));
    assert.equal(unknownApp.status, 404);
  });

  test("resume of a paused app is 200; of an unpaused one the control's 409", async () => {
    const { authed, control } = apiHarness();
    const notPaused = await authed('/api/v1/apps/web/resume', { method: 'POST' });
    assert.equal(notPaused.status, 409);
    assert.deepEqual(await notPaused.json(), { error: 'web is not paused' });
    await authed('/api/v1/apps/web/rollback', json({ steps: 1 }));
    const resumed = await authed('/api/v1/apps/web/resume', { method: 'POST', headers: { 'x-tideway-user': 'bob' } });
    assert.equal(resumed.status, 200);
    assert.deepEqual(await resumed.json(), { resumed: true });
    assert.deepEqual(control.calls.at(-1), { method: 'resume', app: 'web', who: 'admin (as bob)' });
    assert.equal((await control.getApp('web'))?.status?.paused, false);
  });

  test('a control that throws gives a JSON 500 without its message, and the error is logged', async () => {
    const { authed, control, logLines } = apiHarness();
    control.resume = async () => {
      throw new Error('database is locked at /secret/path');
    };
    const res = await authed('/api/v1/apps/web/resume', { method: 'POST' });
    assert.equal(res.status, 500);
    assert.deepEqual(await res.json(), { error: 'internal error (see the agent log)' });
    assert.ok(logLines.some((l) => l.includes('http request failed') && l.includes('database is locked')));
  });
});

describe('GET /api/v1/audit', () => {
  test('newest events oldest first, filtered by app, limited, and followed with afterId', async () => {
    const { authed } = apiHarness();
    const ids = async (q: string) => (await (await authed(`/api/v1/audit${q}`)).json()).events.map((e: any) => e.id);
    assert.deepEqual(await ids(''), [1, 2, 3]);
    assert.deepEqual(await ids('?app=web'), [2]);
    assert.deepEqual(await ids('?limit=2'), [2, 3]);
    assert.deepEqual(await ids('?afterId=1&limit=1'), [2]);
    assert.deepEqual(await ids('?afterId=3'), []);
  });

  for (const [query, field] of [
    ['?limit=0', 'limit'],
    ['?afterId=-2', 'afterId'],
    ['?afterId=x', 'afterId'],
  ]) {
    test(`audit${query} is a 400 naming ${field}`, async () => {
      const { authed } = apiHarness();
      const res = await authed(`/api/v1/audit${query}`);
      assert.equal(res.status, 400);
      assert.match((await res.json()).error, new RegExp(`^${field}: `));
    });
  }
});

describe('API answers never carry credentials', () => {
  test('an app whose repoURL has ?access_token= and a condition naming user:token@ are shown redacted', async () => {
    const { authed, control } = apiHarness();
    const web = control.apps.find((a) => a.name === 'web')!;
    web.source.repoURL = 'https://git.example.com/team/web.git?access_token=TOKEN1';
    web.status!.conditions = [
      { type: 'ComparisonError', message: "accumulating resources from 'https://bob:TOKEN2@git.example.com/base': refused", since: shaA },
    ];
    for (const path of ['/api/v1/apps', '/api/v1/apps/web']) {
      const text = await (await authed(path)).text();
      for (const leaked of ['TOKEN1', 'TOKEN2']) assert.ok(!text.includes(leaked), `${path}: ${text}`);
      assert.match(text, /access_token=\*\*\*/);
      assert.match(text, /https:\/\/\*\*\*@git\.example\.com\/base/);
    }
  });
});
