import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { browserMissing, launchBrowser, newPage, screenshot } from './testdata/browser.js';
import { appName, startStaticAgent, type StaticAgent } from './testdata/static-agent.js';

/**
 * Single sign-on through a real OpenID provider (the certified `oidc-provider` package) started here
 * on a free loopback port: authorization code with PKCE, the ID token verified by the agent, the
 * provider's groups mapped to roles by the agent's config.
 */
const missing = browserMissing();

describe('single sign-on in a browser', { skip: missing }, () => {
  let agent: StaticAgent;
  let browser: Browser;
  let server: Server;
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_q, res) => res.end();
  const accounts: Record<string, { groups: string[] }> = { alice: { groups: ['platform'] }, bob: { groups: ['visitors'] } };

  before(async () => {
    server = createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env.TIDEWAY_OIDC_CLIENT_SECRET = 'test-client-secret-0123456789';
    agent = await startStaticAgent({
      apps: 20,
      authConfig: {
        users: [],
        sessionTtlMs: 3_600_000,
        oidc: {
          issuer,
          clientId: 'tideway',
          clientSecret: process.env.TIDEWAY_OIDC_CLIENT_SECRET,
          scopes: ['openid', 'profile', 'groups'],
          usernameClaim: 'preferred_username',
          groupsClaim: 'groups',
          groups: [{ group: 'platform', grants: [{ role: 'operator', apps: ['app-0000*'] }] }],
        },
      },
    });
    const { default: Provider } = await import('oidc-provider');
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: 'tideway',
          client_secret: 'test-client-secret-0123456789',
          redirect_uris: [`${agent.url}/auth/oidc/callback`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      pkce: { required: () => true },
      conformIdTokenClaims: false,
      claims: { openid: ['sub'], profile: ['preferred_username'], groups: ['groups'] },
      scopes: ['openid', 'profile', 'groups'],
      cookies: { keys: ['test-cookie-key-0123456789'] },
      findAccount: async (_ctx: unknown, id: string) => ({
        accountId: id,
        claims: async () => ({ sub: id, preferred_username: id, groups: accounts[id]?.groups ?? [] }),
      }),
    });
    handler = provider.callback();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await agent?.close();
    server?.close();
    delete process.env.TIDEWAY_OIDC_CLIENT_SECRET;
  });

  async function ssoSignIn(user: string) {
    const page = await newPage(browser);
    await page.goto(agent.url);
    await page.getByRole('link', { name: 'Sign in with single sign-on' }).click();
    // The provider's own (development) sign-in and consent pages.
    await page.locator('input[name=login]').fill(user);
    await page.locator('input[name=password]').fill('any');
    await page.locator('button[type=submit]').click();
    await page.locator('button[type=submit]', { hasText: /continue/i }).click();
    await page.waitForURL(`${agent.url}/#/apps`);
    return page;
  }

  test('a user signs in through the provider and gets the role their group maps to', async () => {
    const page = await ssoSignIn('alice');
    await page.getByRole('link', { name: appName(0), exact: true }).waitFor();
    assert.equal(await page.locator('.who').innerText(), 'sso:alice (operator)');
    assert.match(await page.locator('.count').innerText(), /^10 shown$/, 'the grant covers app-00000 to app-00009');
    await screenshot(page, '07-sso-signed-in');
    await page.getByRole('link', { name: appName(1), exact: true }).click();
    await page.getByRole('button', { name: 'Sync' }).waitFor();
    const cookie = (await page.context().cookies()).find((c) => c.name === 'tideway_session');
    assert.equal(cookie?.httpOnly, true);
    assert.equal(cookie?.sameSite, 'Strict');
    await page.context().close();
  });

  test('a user whose groups map to nothing signs in but sees no app', async () => {
    const page = await ssoSignIn('bob');
    await page.waitForFunction(() => document.querySelector('.count')?.textContent === '0 shown');
    assert.equal(await page.locator('.who').innerText(), 'sso:bob');
    await page.context().close();
  });

  test('a callback with a state this browser did not start is refused', async () => {
    const page = await newPage(browser);
    await page.goto(`${agent.url}/auth/oidc/callback?code=forged&state=forged`);
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /single sign-on failed: this sign-in is unknown or expired/);
    assert.equal((await page.context().cookies()).filter((c) => c.name === 'tideway_session').length, 0);
    await page.context().close();
  });
});
