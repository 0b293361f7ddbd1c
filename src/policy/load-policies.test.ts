import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { createTestRepo } from '../../test/support/git-repo.js';
import { resolveApplication } from '../core/application/resolve-application.js';
import type { Manifest } from '../core/model/manifest.js';
import { renderApplication } from '../engine/render-app.js';
import { createRenderer } from '../render/select-renderer.js';
import { createGitSource } from '../source/git/index.js';
import { PolicyDeniedError } from './admission/index.js';
import { enforceAppPolicies, loadLocalPolicies } from './load-policies.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tideway-policies-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const NO_LATEST = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: no-latest }
spec:
  matchConstraints:
    resourceRules: [{ apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments] }]
  validations:
    - expression: "object.spec.template.spec.containers.all(c, !c.image.endsWith(':latest'))"
      message: images must not use the latest tag
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: no-latest }
spec: { policyName: no-latest, validationActions: [Deny] }
`;
const REPLICAS_WARN = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: two-replicas }
spec:
  matchConstraints:
    resourceRules: [{ apiGroups: [apps], apiVersions: [v1], operations: ["*"], resources: [deployments] }]
  validations: [{ expression: "object.spec.replicas >= 2", messageExpression: "object.metadata.namespace + ' wants 2 replicas'" }]
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: two-replicas }
spec: { policyName: two-replicas, validationActions: [Warn] }
`;
const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: "${image}" }] }
`;

test("an app's spec.policies from the synced commit refuse a violating commit before apply, and the agent's own policies apply too", async () => {
  const repo = createTestRepo();
  after(() => repo.remove());
  repo.commit({ 'policies/no-latest.yaml': NO_LATEST, 'apps/web/deploy.yaml': deployment('nginx:latest') });
  const source = createGitSource({ cacheDir: path.join(tmp, 'git') });
  const app = resolveApplication({
    apiVersion: 'tideway.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'web' },
    spec: { source: { repoURL: repo.dir, path: 'apps/web' }, destination: { namespace: 'shop' }, policies: { path: 'policies' } },
  });
  const renderer = createRenderer();
  const agentDir = path.join(tmp, 'agent-policies');
  mkdirSync(agentDir);
  writeFileSync(path.join(agentDir, 'replicas.yaml'), REPLICAS_WARN);
  const agentPolicies = await loadLocalPolicies(agentDir);

  // As the sync runner passes them: as they will be applied, the destination namespace filled in.
  const inShop = (objects: Manifest[]) => objects.map((o) => ({ ...o, metadata: { ...o.metadata, namespace: 'shop' } }));
  const bad = await renderApplication({ source, renderer }, app);
  await assert.rejects(
    enforceAppPolicies({ source, agentPolicies }, app, bad.revision, inShop(bad.objects)),
    (error: unknown) =>
      error instanceof PolicyDeniedError &&
      error.code === 'PolicyDenied' &&
      error.message ===
        "refused by policy before apply:\nDeployment/shop/web: ValidatingAdmissionPolicy 'no-latest' with binding 'no-latest' denied request: images must not use the latest tag",
  );

  repo.commit({ 'apps/web/deploy.yaml': deployment('nginx:1.27') });
  const good = await renderApplication({ source, renderer }, app);
  const warnings = await enforceAppPolicies({ source, agentPolicies }, app, good.revision, inShop(good.objects));
  assert.deepEqual(
    warnings.map((w) => `${w.policy}: ${w.message} [${w.actions}]`),
    ['two-replicas: shop wants 2 replicas [Warn]'],
  );
});

test('a broken policy in the repository fails the sync, naming the file and the field', async () => {
  const repo = createTestRepo();
  after(() => repo.remove());
  repo.commit({
    'policies/broken.yaml': NO_LATEST.replace("!c.image.endsWith(':latest'))", "!c.image.endsWith(':latest')"),
    'apps/web/deploy.yaml': deployment('nginx:1.27'),
  });
  const source = createGitSource({ cacheDir: path.join(tmp, 'git2') });
  const app = resolveApplication({
    apiVersion: 'tideway.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'web' },
    spec: { source: { repoURL: repo.dir, path: 'apps/web' }, policies: [{ path: 'policies' }] },
  });
  const rendered = await renderApplication({ source, renderer: createRenderer() }, app);
  await assert.rejects(enforceAppPolicies({ source }, app, rendered.revision, rendered.objects), (error: unknown) => {
    assert.ok(error instanceof PolicyDeniedError);
    assert.match(
      error.message,
      /^refused by policy before apply:\npolicies\/broken\.yaml:1: ValidatingAdmissionPolicy\/no-latest: spec\.validations\[0\]\.expression: syntax error/,
    );
    return true;
  });
});
