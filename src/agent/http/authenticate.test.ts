import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiHarness, testToken } from './testdata/api-harness.js';

describe('bearer token on /api/v1', () => {
  const routes: [string, string][] = [
    ['GET', '/api/v1/apps'],
    ['GET', '/api/v1/apps/web'],
    ['GET', '/api/v1/apps/web/history'],
    ['GET', '/api/v1/syncs/1'],
    ['POST', '/api/v1/apps/web/sync'],
    ['POST', '/api/v1/apps/web/rollback'],
    ['POST', '/api/v1/apps/web/resume'],
    ['GET', '/api/v1/audit'],
    ['GET', '/api/v1/no-such-route'],
  ];
  const badHeaders: [string, Record<string, string>, string][] = [
    ['no Authorization header', {}, 'not signed in'],
    ['a wrong token', { authorization: 'Bearer tw_wrong_token' }, 'invalid bearer token'],
    ['the token with one character missing', { authorization: `Bearer ${testToken.slice(0, -1)}` }, 'invalid bearer token'],
    ['the token plus a character', { authorization: `Bearer ${testToken}x` }, 'invalid bearer token'],
    ['the token as Basic credentials', { authorization: `Basic ${testToken}` }, 'invalid bearer token'],
    ['an empty bearer', { authorization: 'Bearer ' }, 'invalid bearer token'],
  ];
  for (const [method, path] of routes) {
    for (const [what, headers, message] of badHeaders) {
      test(`${method} ${path} with ${what} is refused with 401 and touches nothing`, async () => {
        const { app, control } = apiHarness();
        const res = await app.request(path, { method, headers, body: method === 'POST' ? '{"steps":1}' : undefined });
        assert.equal(res.status, 401);
        assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
        const body = await res.json();
        assert.match(body.error, new RegExp(message));
        assert.ok(!JSON.stringify(body).includes(testToken.slice(3, 20)), 'the 401 does not echo the token');
        assert.deepEqual(control.calls, []);
      });
    }
  }

  test('the right token is accepted, with any case of the Bearer scheme', async () => {
    const { app } = apiHarness();
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const res = await app.request('/api/v1/apps', { headers: { authorization: `${scheme} ${testToken}` } });
      assert.equal(res.status, 200, scheme);
    }
  });

  test('an unknown route under /api/v1 with the right token is a JSON 404', async () => {
    const { authed } = apiHarness();
    const res = await authed('/api/v1/nothing-here');
    assert.equal(res.status, 404);
    assert.match((await res.json()).error, /no route for GET \/api\/v1\/nothing-here/);
  });

  test('an empty token cannot be configured', async () => {
    const { createApiApp } = await import('./create-api-app.js');
    const { createAgentMetrics } = await import('../metrics.js');
    const { silentLogger } = await import('../../log/logger.js');
    const { createFakeControl } = await import('./testdata/fake-control.js');
    assert.throws(
      () => createApiApp({ control: createFakeControl(), token: '  ', metrics: createAgentMetrics(), log: silentLogger }),
      /token: the API token must not be empty/,
    );
  });
});

describe('request log', () => {
  test('every request is logged with method, path, status and duration, and the token never appears', async () => {
    const { app, authed, logLines } = apiHarness();
    await authed('/api/v1/apps/web?limit=3');
    await app.request('/api/v1/apps', { headers: { authorization: 'Bearer some-wrong-guess' } });
    await authed('/api/v1/apps/web/resume', { method: 'POST' });
    await app.request('/healthz');
    const entries = logLines.map((l) => JSON.parse(l));
    assert.deepEqual(
      entries.map((e) => [e.method, e.path, e.status]),
      [
        ['GET', '/api/v1/apps/web', 200],
        ['GET', '/api/v1/apps', 401],
        ['POST', '/api/v1/apps/web/resume', 409],
        ['GET', '/healthz', 200],
      ],
    );
    for (const e of entries) assert.equal(typeof e.durationMs, 'number');
    assert.equal(entries[3].level, 20, 'probes are logged at debug');
    assert.equal(entries[0].level, 30, 'API calls are logged at info');
    const all = logLines.join('');
    assert.ok(!all.includes(testToken) && !all.includes('some-wrong-guess'));
  });
});
