/**
 * The "done when", as far as a test can do it: `tideway up` (the real CLI, a real git
 * repository, real replica processes) prints the dashboard URL and the initial password file; a
 * browser signs in with that password and watches the quickstart app react live to a commit, a
 * deleted file and a rollback made from the dashboard.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, realpathSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { browserMissing, launchBrowser, newPage, screenshot, signIn } from '../dashboard/testdata/browser.js';
import { EXAMPLE_CONFIG_HOST_PATH, QUICKSTART_APP } from './index.js';
import { git, processesUnder, startUp, type UpProcess } from './testdata/up-process.js';

const missing = browserMissing();

describe('tideway up with the dashboard', { skip: missing, timeout: 180_000 }, () => {
  let dir: string;
  let up: UpProcess;
  let browser: Browser;
  let page: Page;
  let dashboard: string;

  before(async () => {
    dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'tideway-up-dashboard-')));
    up = startUp(dir, ['--allow-root', '--port', '0']);
    await up.waitFor(/is Synced and Healthy/, 60_000);
    browser = await launchBrowser();
    page = await newPage(browser);
  });
  after(async () => {
    await browser?.close();
    up?.child.kill('SIGTERM');
    await up?.exited;
    for (const pid of processesUnder(dir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const row = (i: number) => page.locator('table.history tbody tr').nth(i);
  const newestIs = (pattern: RegExp, timeoutMs: number) =>
    page.waitForFunction(
      (source) => new RegExp(source).test(document.querySelector('table.history tbody tr')?.textContent ?? ''),
      pattern.source,
      { timeout: timeoutMs },
    );

  test('it prints the dashboard URL and the initial password file, and that password signs in', async () => {
    const out = up.stdout();
    const url = /^Dashboard: (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out)?.[1];
    const file = /sign in as admin with the password in (\S+);/m.exec(out)?.[1];
    assert.ok(url && file, out);
    dashboard = url;
    const full = path.resolve(dir, file);
    assert.equal(statSync(full).mode & 0o777, 0o600);
    await signIn(page, dashboard, 'admin', readFileSync(full, 'utf8').trim());
    await page.getByRole('link', { name: QUICKSTART_APP, exact: true }).click();
    await page.getByRole('heading', { name: QUICKSTART_APP, level: 1 }).waitFor();
    await page.locator('.summary .sync-Synced').waitFor();
    await page.locator('.summary .health-Healthy').waitFor();
    await page.locator('.tree li[data-kind]').first().waitFor();
    await screenshot(page, '20-quickstart-app');
  });

  test('a commit shows up live as a new sync', async () => {
    const exampleDir = path.join(dir, 'tideway-example');
    const config = path.join(exampleDir, 'manifests/greeter-config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/greeting = .*/, 'greeting = Hello from the dashboard test'));
    git(exampleDir, ['commit', '-qam', 'Say hello from the dashboard test']);
    await newestIs(/Say hello from the dashboard test.*Succeeded/, 30_000);
    assert.match(await page.locator('.summary').innerText(), /Say hello from the dashboard test/);
  });

  test("a deleted file is restored, and the heal shows up live (a drift sync in the history, or the target's own heal in the audit log)", async () => {
    unlinkSync(path.join(dir, 'tideway-host', EXAMPLE_CONFIG_HOST_PATH));
    await Promise.any([
      newestIs(/drift.*Succeeded/, 20_000),
      page.locator('.audit li', { hasText: 'drift.healed' }).first().waitFor({ timeout: 20_000 }),
    ]);
    assert.match(readFileSync(path.join(dir, 'tideway-host', EXAMPLE_CONFIG_HOST_PATH), 'utf8'), /Hello from the dashboard test/);
    await screenshot(page, '21-quickstart-healed');
  });

  test('a rollback from the dashboard, after its confirmation, brings the first greeting back', async () => {
    const first = page.locator('table.history tbody tr', { hasText: 'Quickstart example' }).last();
    await first.getByRole('button', { name: /^Roll back to / }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Confirm rollback' }).waitFor();
    await dialog.locator('.diff-list, .in-sync').first().waitFor({ timeout: 15_000 });
    await screenshot(page, '22-quickstart-rollback-confirm');
    await dialog.getByRole('button', { name: 'Confirm rollback' }).click();
    await newestIs(/Quickstart example.*rollback.*Succeeded/, 30_000);
    await page.locator('.summary .paused').waitFor();
    assert.doesNotMatch(readFileSync(path.join(dir, 'tideway-host', EXAMPLE_CONFIG_HOST_PATH), 'utf8'), /dashboard test/);
    assert.match(await row(0).innerText(), /admin/);
    await screenshot(page, '23-quickstart-rolled-back');
  });
});
