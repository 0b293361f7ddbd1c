import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { hashPassword } from '../auth/password-hash.js';
import { axeViolations, browserMissing, launchBrowser, newPage, screenshot, signIn } from './testdata/browser.js';
import { appName, seededApp, startStaticAgent, type StaticAgent } from './testdata/static-agent.js';

/**
 * The dashboard in a real headless Chromium, served by a real agent (SQLite, sign-in, SSE) whose
 * 300 apps are seeded in its store (no control plane: see dashboard.e2e.test.ts for the live tree).
 */
const missing = browserMissing();

describe('dashboard in a browser', { skip: missing }, () => {
  let agent: StaticAgent;
  let browser: Browser;
  const viewerPassword = 'viewer-password-1';

  before(async () => {
    agent = await startStaticAgent({
      apps: 300,
      authConfig: {
        users: [
          {
            name: 'vera',
            passwordHash: await hashPassword(viewerPassword),
            grants: [{ role: 'viewer', namespaces: ['team-1', 'team-2'] }],
          },
        ],
        sessionTtlMs: 3_600_000,
      },
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await agent?.close();
  });

  test('the admin signs in with the initial password, sees the apps, filters them and opens one', async () => {
    const page = await newPage(browser);
    await page.goto(agent.url);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await screenshot(page, '01-sign-in');
    const loginViolations = await axeViolations(page);
    await signIn(page, agent.url, 'admin', agent.adminPassword);
    await page.getByRole('link', { name: appName(0), exact: true }).waitFor();
    assert.match(await page.locator('.count').innerText(), /^300 shown$/);
    await screenshot(page, '02-apps');
    const listViolations = await axeViolations(page);

    // Filter: health Degraded (every 7th app from the 5th), then search narrows it further.
    await page.getByLabel('Health').selectOption('Degraded');
    await page.waitForFunction(() => document.querySelector('.count')?.textContent === '43 shown');
    const names = await page.locator('[role=row] .name a').allInnerTexts();
    assert.ok(names.length > 0 && names.every((n) => seededApp(Number(n.slice(4))).health === 'Degraded'), names.join(' '));
    await page.getByLabel('Search').fill('app-0001');
    await page.waitForFunction(() => document.querySelector('.count')?.textContent === '2 shown');
    assert.deepEqual(await page.locator('[role=row] .name a').allInnerTexts(), ['app-00011', 'app-00018']);
    await screenshot(page, '03-apps-filtered');

    // Keyboard: the app's link is reached with Tab and opened with Enter.
    await page.getByRole('link', { name: 'app-00011' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'app-00011', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Sync' }).waitFor();
    assert.match(await page.locator('.summary').innerText(), /Degraded/);
    assert.match(await page.locator('.conditions').innerText(), /SyncError/);
    await screenshot(page, '04-app');
    const appViolations = await axeViolations(page);

    // The sync dialog: prune and dry-run options, closed with Escape.
    await page.getByRole('button', { name: 'Sync' }).click();
    await page.getByRole('dialog').getByLabel('Prune objects that left Git').waitFor();
    await screenshot(page, '05-sync-dialog');
    const dialogViolations = await axeViolations(page);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    const serious = [...loginViolations, ...listViolations, ...appViolations, ...dialogViolations].filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    assert.deepEqual(serious, [], 'axe-core finds no serious or critical violation on the sign-in, list, app and dialog pages');
    await page.context().close();
  });

  test('an app waiting for its dependencies says so in the list (a badge) and on its page (each with why)', async () => {
    const page = await newPage(browser);
    await signIn(page, agent.url, 'admin', agent.adminPassword);
    const row = page.locator('[role=row]', { has: page.getByRole('link', { name: appName(2), exact: true }) });
    await row.waitFor();
    assert.equal(await row.locator('.waiting').innerText(), `waiting for ${appName(4)}, ${appName(6)}`);
    assert.equal(
      await row.locator('.waiting').getAttribute('title'),
      `${appName(4)}: not synced to its current revision (Unknown); team-6/${appName(6)}: not Healthy (Missing)`,
    );
    const other = page.locator('[role=row]', { has: page.getByRole('link', { name: appName(5), exact: true }) });
    assert.equal(await other.locator('.waiting').count(), 0, 'an app without dependencies has no badge');
    await page.getByRole('link', { name: appName(2), exact: true }).click();
    const waits = page.getByRole('status', { name: 'waiting for' });
    await waits.waitFor();
    assert.deepEqual(await waits.locator('li').allInnerTexts(), [
      `${appName(4)}: not synced to its current revision (Unknown)`,
      `team-6/${appName(6)}: not Healthy (Missing)`,
    ]);
    await screenshot(page, '07-app-waiting');
    const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(serious, [], 'axe-core finds no serious or critical violation on the waiting app page');
    // The dependency becomes Synced and Healthy: the next read of the app no longer lists it.
    await agent.agent.store.patchStatus(appName(6), { health: { status: 'Healthy' } });
    await page.reload();
    await waits.waitFor();
    assert.deepEqual(await waits.locator('li').allInnerTexts(), [`${appName(4)}: not synced to its current revision (Unknown)`]);
    await page.context().close();
  });

  test('a status change reaches the open list within a second, without a reload or a poll', async () => {
    const page = await newPage(browser);
    await signIn(page, agent.url, 'admin', agent.adminPassword);
    const row = page.locator('[role=row]', { has: page.getByRole('link', { name: appName(3), exact: true }) });
    await row.waitFor();
    assert.match(await row.innerText(), /Progressing/);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.waitForTimeout(300); // the event stream is open
    const started = Date.now();
    await agent.agent.store.patchStatus(appName(3), { health: { status: 'Degraded', message: 'Pod crash-looping' } });
    await row.locator('.health-Degraded').waitFor({ timeout: 1000 });
    const ms = Date.now() - started;
    assert.ok(ms < 1000, `shown after ${ms} ms`);
    assert.deepEqual(
      requests.filter((p) => p.startsWith('/api/v1/apps')),
      [],
      'the update came over the open event stream, not from a new request',
    );
    await page.context().close();
  });

  test('a viewer sees only the apps granted, no Sync button, and gets 403 from the API when it tries', async () => {
    const page = await newPage(browser);
    await signIn(page, agent.url, 'vera', viewerPassword);
    await page.getByRole('link', { name: appName(1), exact: true }).waitFor();
    assert.match(await page.locator('.count').innerText(), /^30 shown$/, 'namespaces team-1 and team-2 hold 30 of the 300 apps');
    await page.getByRole('link', { name: appName(1), exact: true }).click();
    await page.getByRole('heading', { name: appName(1), level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'History' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Sync' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Roll back' }).count(), 0);
    await screenshot(page, '06-viewer-app');
    const answer = await page.evaluate(async (app) => {
      const me = await (await fetch('/api/v1/me')).json();
      const res = await fetch(`/api/v1/apps/${app}/sync`, { method: 'POST', headers: { 'x-csrf-token': me.csrfToken } });
      return { status: res.status, body: await res.json(), role: me.role };
    }, appName(1));
    assert.equal(answer.role, 'viewer');
    assert.equal(answer.status, 403);
    assert.match(answer.body.error, /vera may not change app "app-00001" \(needs operator\)/);
    const hidden = await page.evaluate(async (app) => (await fetch(`/api/v1/apps/${app}`)).status, appName(3));
    assert.equal(hidden, 403, 'an app outside the grants is refused');
    await page.context().close();
  });

  test('a wrong password is refused with a message and no session', async () => {
    const page = await newPage(browser);
    await signIn(page, agent.url, 'admin', 'not-the-password');
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /wrong user name or password/);
    assert.deepEqual(
      (await page.context().cookies()).map((c) => c.name),
      [],
    );
    await page.context().close();
  });
});
