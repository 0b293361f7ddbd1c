import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createAgent, type Agent } from '../agent/agent.js';
import { silentLogger } from '../log/logger.js';
import { createTestNamespace, type TestNamespace } from '../../test/support/kube.js';
import { testKubeconfigPath } from '../../test/support/engine-fixture.js';
import { createTestRepo, type TestRepo } from '../../test/support/git-repo.js';
import { browserMissing, launchBrowser, newPage, screenshot, signIn } from './testdata/browser.js';

/**
 * The dashboard against the real agent, a real git repository and the local control plane: the
 * resource tree down to the Pods the controllers make, a commit seen live as OutOfSync then Synced
 * after a sync from the dashboard, and a rollback through its confirmation.
 */
const missing = browserMissing();

const deployment = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx:1.27 }] }
`;
/** A PreSync hook that completes at once (a ConfigMap is Healthy when it exists): no kubelet runs here. */
const smokeHook = `apiVersion: v1
kind: ConfigMap
metadata:
  name: smoke
  annotations: { tideway.dev/hook: PreSync }
`;
const configMap = (greeting: string) => `apiVersion: v1
kind: ConfigMap
metadata: { name: web-config }
data: { greeting: "${greeting}" }
`;

describe('dashboard against a real control plane', { skip: missing }, () => {
  let repo: TestRepo;
  let ns: TestNamespace;
  let dir: string;
  let agent: Agent;
  let browser: Browser;
  let page: Page;
  let first: string;

  before(async () => {
    ns = await createTestNamespace('dashboard');
    repo = createTestRepo();
    first = repo.commit(
      { 'manifests/deploy.yaml': deployment(1), 'manifests/config.yaml': configMap('hello'), 'manifests/smoke.yaml': smokeHook },
      'First deploy',
    );
    dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-dashboard-e2e-'));
    mkdirSync(path.join(dir, 'apps'));
    writeFileSync(
      path.join(dir, 'apps', 'web.yaml'),
      `apiVersion: tideway.dev/v1alpha1
kind: Application
metadata: { name: web, labels: { team: payments } }
spec:
  source: { repoURL: ${repo.dir}, targetRevision: main, path: manifests, interval: 1s }
  destination: { namespace: ${ns.name} }
  syncPolicy: { syncOptions: [CreateNamespace=true] }
`,
    );
    agent = createAgent({
      dataDir: path.join(dir, 'data'),
      apps: [path.join(dir, 'apps')],
      apiPort: 0,
      kubeconfig: testKubeconfigPath(),
      log: silentLogger,
    });
    await agent.start();
    browser = await launchBrowser();
    page = await newPage(browser);
    const password = readFileSync(path.join(dir, 'data', 'initial-admin-password'), 'utf8').trim();
    await signIn(page, agent.url()!, 'admin', password);
  });
  after(async () => {
    await browser?.close();
    await agent?.stop(10_000);
    rmSync(dir, { recursive: true, force: true });
    repo?.remove();
    await ns?.delete();
  });

  const summary = () => page.locator('.summary');

  test('a first sync from the dashboard, then the tree: Deployment -> ReplicaSet -> Pod, with health and sync per node', async () => {
    // Not automated: the agent compares and shows OutOfSync; the user syncs.
    await page.getByRole('link', { name: 'web', exact: true }).click();
    await page.getByRole('heading', { name: 'web', level: 1 }).waitFor();
    await summary().locator('.sync-OutOfSync').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Sync' }).click();
    await page.getByRole('button', { name: 'Synchronize' }).click();
    await summary().locator('.sync-Synced').waitFor({ timeout: 20_000 });
    const tree = page.locator('.tree');
    await tree.locator('li[data-kind=Pod]').first().waitFor({ timeout: 30_000 });
    const deploymentNode = tree.locator('li[data-kind=Deployment]');
    assert.match(await deploymentNode.locator('> .node').innerText(), /Deployment\s+\S+\/web/);
    assert.equal(await deploymentNode.locator('> .node .sync-Synced').count(), 1, 'the managed Deployment is Synced');
    assert.equal(
      await deploymentNode.locator('li[data-kind=ReplicaSet] li[data-kind=Pod]').count(),
      1,
      'its Pod hangs under its ReplicaSet',
    );
    assert.equal(await tree.locator('li[data-kind=ConfigMap] .sync-Synced').count(), 1);
    // No kubelet runs in the test control plane: the Pod stays Pending, so the Deployment is Progressing.
    assert.match(await deploymentNode.locator('li[data-kind=Pod] > .node').innerText(), /Pending/);
    await screenshot(page, '10-e2e-tree');
    // The sync's steps in its history row: the PreSync hook and how it ended, then the objects.
    const steps = page.locator('table.history tbody tr', { hasText: 'First deploy' }).first().locator('details.steps');
    assert.equal(await steps.locator('summary').innerText(), '2 objects, 1 hook');
    await steps.locator('summary').click();
    const items = await steps.locator('li').allInnerTexts();
    assert.deepEqual(items.slice(0, 1), [`PreSync hook ConfigMap/${ns.name}/smoke: succeeded`]);
    assert.equal(items.length, 3);
    await screenshot(page, '10b-e2e-sync-steps');
  });

  test('a commit is seen live as OutOfSync, then Synced after a sync from the dashboard, with no reload', async () => {
    let navigations = 0;
    page.on('framenavigated', () => navigations++);
    repo.commit({ 'manifests/config.yaml': configMap('hello from Git') }, 'Say hello from Git');
    await summary().locator('.sync-OutOfSync').waitFor({ timeout: 15_000 });
    assert.match(await summary().innerText(), /Say hello from Git/);
    await screenshot(page, '11-e2e-out-of-sync');
    await page.getByRole('button', { name: 'Show the diff with Git' }).click();
    await page.locator('pre.diff', { hasText: 'hello from Git' }).waitFor();
    await page.getByRole('button', { name: 'Sync' }).click();
    await page.getByRole('button', { name: 'Synchronize' }).click();
    await summary().locator('.sync-Synced').waitFor({ timeout: 15_000 });
    await page.locator('table.history tbody tr', { hasText: 'Say hello from Git' }).first().waitFor();
    assert.equal(navigations, 0, 'the page was updated in place');
  });

  test('a rollback shows the diff in its confirmation, then syncs the old revision and pauses automation', async () => {
    const row = page.locator('table.history tbody tr', { hasText: 'First deploy' }).first();
    await row.getByRole('button', { name: `Roll back to ${first.slice(0, 7)}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('pre.diff', { hasText: 'hello from Git' }).waitFor({ timeout: 15_000 });
    assert.match(await dialog.innerText(), /-\s*greeting: hello from Git|greeting/);
    await screenshot(page, '12-e2e-rollback-confirm');
    await dialog.getByRole('button', { name: 'Confirm rollback' }).click();
    await summary().locator('.paused').waitFor({ timeout: 15_000 });
    const newest = page.locator('table.history tbody tr').first();
    await page.waitForFunction(
      (sha) => {
        const cells = [...(document.querySelector('table.history tbody tr')?.querySelectorAll('td') ?? [])].map((td) => td.textContent);
        return cells[0] === sha && cells[3] === 'rollback' && cells[5] === 'Succeeded';
      },
      first.slice(0, 7),
      { timeout: 20_000 },
    );
    assert.match(await newest.innerText(), /First deploy/);
    // Paused on the old revision while Git's branch has moved on: the app shows OutOfSync, as it is.
    await summary().locator('.sync-OutOfSync').waitFor({ timeout: 15_000 });
    await page.locator('.audit li', { hasText: 'rollback' }).first().waitFor();
    assert.match(await page.locator('.audit').innerText(), /admin rollback/);
    await screenshot(page, '13-e2e-rolled-back');
  });
});
