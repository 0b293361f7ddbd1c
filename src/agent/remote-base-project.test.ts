/**
 * The agent passes the app's project bound to its renders: a Kustomize remote base outside the
 * project's sourceRepos fails the app with the ProjectViolation condition naming the rule and the
 * file, before anything is fetched or written. A real agent, a real git repository, the host target.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { createTestRepo } from '../../test/support/git-repo.js';
import { waitFor } from '../../test/support/wait-for.js';
import { silentLogger } from '../log/logger.js';
import { createAgent } from './agent.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-remote-base-project-'));
const repo = createTestRepo({
  'app/kustomization.yaml': 'resources:\n  - motd.yaml\n  - https://github.com/evil/bases//web?ref=main\n',
  'app/motd.yaml': 'apiVersion: host.tideway.dev/v1alpha1\nkind: File\nmetadata: { name: motd }\nspec: { path: motd, content: "hi\\n" }\n',
});
after(() => {
  repo.remove();
  rmSync(dir, { recursive: true, force: true });
});

test("a remote base outside the app's project fails the app with ProjectViolation before any write", async () => {
  writeFileSync(
    path.join(dir, 'apps.yaml'),
    `apiVersion: tideway.dev/v1alpha1
kind: Project
metadata: { name: team-a }
spec:
  sourceRepos: ["${repo.dir}", "https://github.com/team-a/*"]
  destinations: [{ target: host }]
  permissions: { localSources: true }
---
apiVersion: tideway.dev/v1alpha1
kind: Application
metadata: { name: web }
spec:
  project: team-a
  source: { repoURL: ${repo.dir}, targetRevision: main, path: app, interval: 1h, kustomize: { allowRemoteBases: true } }
  destination: { target: host }
  syncPolicy: { automated: { prune: true } }
`,
  );
  const agent = createAgent({
    dataDir: path.join(dir, 'data'),
    apps: [path.join(dir, 'apps.yaml')],
    hostRoot: path.join(dir, 'host'),
    allowRoot: true,
    apiPort: 0,
    log: silentLogger,
  });
  await agent.start();
  try {
    const condition = await waitFor('refused', async () =>
      (await agent.control.getApp('web'))?.status?.conditions.find((c) => c.type === 'ProjectViolation'),
    );
    assert.match(
      condition.message,
      /SourceRepo: app\/kustomization\.yaml: project "team-a" does not allow "https:\/\/github\.com\/evil\/bases" \(sourceRepos\)/,
    );
    assert.equal(existsSync(path.join(dir, 'host', 'motd')), false, 'nothing was written');
  } finally {
    await agent.stop(10_000);
  }
});
