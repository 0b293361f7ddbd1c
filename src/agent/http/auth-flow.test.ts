import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAuthService } from '../../auth/auth-service.js';
import { openMemoryAuthStore } from '../../auth/memory/memory-auth-store.js';
import { createLoginRateLimit } from '../../auth/login-rate-limit.js';
import { hashPassword } from '../../auth/password-hash.js';
import { silentLogger } from '../../log/logger.js';
import { createAgentMetrics } from '../metrics.js';
import { createApiApp } from './create-api-app.js';
import { createFakeControl } from './testdata/fake-control.js';
import { testToken } from './testdata/api-harness.js';

const cheap = { logN: 10, r: 8, p: 1 };
const origin = 'http://tideway.test';

async function harness(options: { perUser?: number; perClient?: number; secure?: boolean } = {}) {
  const store = openMemoryAuthStore();
  const audit: Array<{ actor: string; action: string }> = [];
  const auth = createAuthService({
    store,
    config: {
      users: [
        { name: 'olga', passwordHash: await hashPassword('olga-password', cheap), grants: [{ role: 'operator', apps: ['web'] }] },
        { name: 'vera', passwordHash: await hashPassword('vera-password', cheap), grants: [{ role: 'viewer' }] },
      ],
      sessionTtlMs: 3_600_000,
    },
    adminToken: testToken,
    scryptCost: cheap,
    rateLimit: createLoginRateLimit({ perUser: options.perUser ?? 3, perClient: options.perClient ?? 10 }),
    audit: (e) => audit.push(e),
  });
  await auth.ensureAdmin();
  const control = createFakeControl();
  const app = createApiApp({
    control,
    token: testToken,
    metrics: createAgentMetrics(),
    log: silentLogger,
    auth,
    secureCookies: options.secure,
  });
  const request = (path: string, init: RequestInit = {}) => app.request(`${origin}${path}`, init);
  const login = (username: string, password: string, headers: Record<string, string> = {}) =>
    request('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, ...headers },
      body: JSON.stringify({ username, password }),
    });
  async function session(username: string, password: string) {
    const res = await login(username, password);
    assert.equal(res.status, 200);
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const me = await res.json();
    return { cookie, csrf: me.csrfToken as string, me, setCookie: res.headers.get('set-cookie')! };
  }
  return { app, control, auth, audit, request, login, session };
}

describe('sign-in and sessions', () => {
  test('a sign-in sets an HttpOnly, SameSite=Strict session cookie (Secure over TLS) and answers who signed in', async () => {
    const plain = await (await harness()).session('olga', 'olga-password');
    assert.match(plain.setCookie, /^tideway_session=[\w-]{43}; Path=\/; Expires=.*; HttpOnly; SameSite=Strict$/);
    assert.deepEqual([plain.me.user, plain.me.role, plain.me.via], ['olga', 'operator', 'session']);
    const tls = await (await harness({ secure: true })).session('olga', 'olga-password');
    assert.match(tls.setCookie, /; Secure/);
  });

  test('a session reads the API; a state-changing request needs its CSRF token and this origin', async () => {
    const h = await harness();
    const { cookie, csrf } = await h.session('olga', 'olga-password');
    assert.equal((await h.request('/api/v1/apps', { headers: { cookie } })).status, 200);
    const post = (headers: Record<string, string>) =>
      h.request('/api/v1/apps/web/sync', { method: 'POST', headers: { cookie, ...headers } });
    assert.equal((await post({})).status, 403, 'no CSRF token');
    assert.equal((await post({ 'x-csrf-token': 'wrong' })).status, 403, 'a wrong CSRF token');
    assert.equal((await post({ 'x-csrf-token': csrf, origin: 'https://evil.example' })).status, 403, 'another origin');
    assert.deepEqual(h.control.calls, []);
    const ok = await post({ 'x-csrf-token': csrf, origin });
    assert.equal(ok.status, 202);
    assert.deepEqual(h.control.calls, [{ method: 'requestSync', app: 'web', who: 'olga' }], 'the audit author is the signed-in user');
  });

  test('X-Tideway-User never changes who a session or a user token acts as', async () => {
    const h = await harness();
    const { cookie, csrf } = await h.session('olga', 'olga-password');
    await h.request('/api/v1/apps/web/sync', { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'x-tideway-user': 'admin' } });
    const created = await h.auth.createToken('olga', 'ci', undefined, 'olga');
    await h.request('/api/v1/apps/web/sync', {
      method: 'POST',
      headers: { authorization: `Bearer ${created.token}`, 'x-tideway-user': 'admin' },
    });
    assert.deepEqual(
      h.control.calls.map((c) => c.who),
      ['olga', 'olga'],
    );
  });

  test('roles: an operator acts only on the apps granted; a viewer acts on none (403, nothing reaches the control)', async () => {
    const h = await harness();
    const olga = await h.session('olga', 'olga-password');
    const vera = await h.session('vera', 'vera-password');
    const sync = (s: { cookie: string; csrf: string }, app: string) =>
      h.request(`/api/v1/apps/${app}/sync`, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    assert.equal((await sync(olga, 'edge')).status, 403);
    assert.equal((await sync(vera, 'web')).status, 403);
    assert.equal((await h.request('/api/v1/apps/edge', { headers: { cookie: olga.cookie } })).status, 403, 'olga may not even see edge');
    const list = await (await h.request('/api/v1/apps', { headers: { cookie: olga.cookie } })).json();
    assert.deepEqual(
      list.apps.map((a: { name: string }) => a.name),
      ['web'],
    );
    assert.deepEqual(h.control.calls, []);
    const app = await (await h.request('/api/v1/apps/web', { headers: { cookie: vera.cookie } })).json();
    assert.deepEqual(app.can, { operate: false });
  });

  test('sign-out ends the session on the server', async () => {
    const h = await harness();
    const { cookie, csrf } = await h.session('vera', 'vera-password');
    assert.equal((await h.request('/api/v1/logout', { method: 'POST', headers: { cookie, 'x-csrf-token': csrf } })).status, 200);
    assert.equal((await h.request('/api/v1/apps', { headers: { cookie } })).status, 401);
  });

  test('a sign-in from another origin, or not as JSON, is refused before any password is checked', async () => {
    const h = await harness();
    assert.equal((await h.login('olga', 'olga-password', { origin: 'https://evil.example' })).status, 403);
    const form = await h.request('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: 'username=olga&password=olga-password',
    });
    assert.equal(form.status, 415);
  });

  test('failed sign-ins are limited per user (429 with Retry-After), even with the right password; the message never says whether the user exists', async () => {
    const h = await harness({ perUser: 3 });
    for (const user of ['olga', 'nobody']) {
      const res = await h.login(user, 'wrong');
      assert.equal(res.status, 401);
      assert.deepEqual(await res.json(), { error: 'wrong user name or password' });
    }
    await h.login('olga', 'wrong');
    await h.login('olga', 'wrong');
    const blocked = await h.login('olga', 'olga-password');
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    assert.equal((await h.login('vera', 'vera-password')).status, 200, 'another user is not blocked');
    assert.ok(h.audit.some((e) => e.action === 'auth.login.failed' && e.actor === 'olga'));
  });

  test('failed sign-ins are limited per client address across user names', async () => {
    const h = await harness({ perUser: 100, perClient: 4 });
    for (const user of ['a', 'b', 'c', 'd']) assert.equal((await h.login(user, 'x')).status, 401);
    assert.equal((await h.login('vera', 'vera-password')).status, 429);
  });
});

describe('API tokens', () => {
  test('a user creates, lists and revokes their own tokens; a revoked or expired token is refused', async () => {
    const h = await harness();
    const { cookie, csrf } = await h.session('olga', 'olga-password');
    const headers = { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' };
    const created = await h.request('/api/v1/tokens', { method: 'POST', headers, body: JSON.stringify({ name: 'ci', expiresIn: '30d' }) });
    assert.equal(created.status, 201);
    const token = await created.json();
    assert.match(token.token, /^tw_[A-Za-z0-9]{12}_[\w-]{43}$/);
    assert.equal(token.user, 'olga');
    const bearer = { authorization: `Bearer ${token.token}` };
    const me = await (await h.request('/api/v1/me', { headers: bearer })).json();
    assert.deepEqual([me.user, me.via], ['olga', 'token']);
    const listed = await (await h.request('/api/v1/tokens', { headers: { cookie } })).json();
    assert.deepEqual(
      listed.tokens.map((t: { id: string; name: string }) => [t.id, t.name]),
      [[token.id, 'ci']],
    );
    assert.ok(!JSON.stringify(listed).includes(token.token.slice(16)), 'the secret is never listed');
    assert.equal((await h.request(`/api/v1/tokens/${token.id}`, { method: 'DELETE', headers })).status, 200);
    assert.equal((await h.request('/api/v1/me', { headers: bearer })).status, 401);
    const expired = await h.auth.createToken('olga', 'old', -1000, 'olga');
    assert.equal((await h.request('/api/v1/me', { headers: { authorization: `Bearer ${expired.token}` } })).status, 401);
  });

  test("only an admin manages other users' tokens", async () => {
    const h = await harness();
    const vera = await h.session('vera', 'vera-password');
    const headers = { cookie: vera.cookie, 'x-csrf-token': vera.csrf, 'content-type': 'application/json' };
    assert.equal((await h.request('/api/v1/tokens', { method: 'POST', headers, body: JSON.stringify({ user: 'olga' }) })).status, 403);
    assert.equal((await h.request('/api/v1/tokens?all=true', { headers })).status, 403);
    const olgas = await h.auth.createToken('olga', 'x', undefined, 'olga');
    assert.equal((await h.request(`/api/v1/tokens/${olgas.id}`, { method: 'DELETE', headers })).status, 404);
    const admin = { authorization: `Bearer ${testToken}`, 'content-type': 'application/json' };
    const forOlga = await h.request('/api/v1/tokens', {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ user: 'olga', name: 'deploy' }),
    });
    assert.equal(forOlga.status, 201);
    const all = await (await h.request('/api/v1/tokens?all=true', { headers: admin })).json();
    assert.equal(all.tokens.length, 2);
    const bad = await h.request('/api/v1/tokens', { method: 'POST', headers: admin, body: JSON.stringify({ expiresIn: '10y' }) });
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error, /^body\.expiresIn: /);
  });
});
