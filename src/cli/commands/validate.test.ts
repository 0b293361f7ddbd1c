import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTestRepo, type TestRepo } from '../../../test/support/git-repo.js';

/** `tideway validate` as CI runs it: `node bin/tideway.js validate ...` in a real git repository, no cluster. */
const bin = fileURLToPath(new URL('../../../bin/tideway.js', import.meta.url));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tideway-validate-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function tideway(cwd: string, ...argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env, TIDEWAY_CACHE_DIR: path.join(tmp, 'cache'), TIDEWAY_DEBUG: '' };
  const child = spawn(process.execPath, [bin, 'validate', ...argv], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c;
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const APP = `apiVersion: tideway.dev/v1alpha1
kind: Application
metadata: { name: shop }
spec:
  source: { repoURL: https://git.example.com/shop.git, path: apps/shop }
  destination: { namespace: shop }
  policies: { path: policies }
`;
const POLICY = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: no-latest }
spec:
  matchConstraints:
    resourceRules: [{ apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments] }]
  validations:
    - expression: "object.spec.template.spec.containers.all(c, !c.image.endsWith(':latest'))"
      messageExpression: "'image ' + object.spec.template.spec.containers.map(c, c.image).join(', ') + ' uses the latest tag'"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: no-latest }
spec: { policyName: no-latest, validationActions: [Deny] }
`;
const WARN_POLICY = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: team-label }
spec:
  matchConstraints:
    resourceRules: [{ apiGroups: ["*"], apiVersions: ["*"], operations: [CREATE], resources: [deployments, services] }]
  validations: [{ expression: "has(object.metadata.labels) && 'team' in object.metadata.labels", message: a team label is expected }]
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: team-label }
spec: { policyName: team-label, validationActions: [Warn] }
`;
const deployment = (image: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, labels: { team: shop } }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: ${image}
${extra}`;
const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  scope: Namespaced
  names: { kind: Widget, plural: widgets }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: { type: object, properties: { size: { type: string, enum: [small, large] } } }
`;

describe('tideway validate', () => {
  let repo: TestRepo;
  before(() => {
    repo = createTestRepo();
    repo.commit({
      'deploy/app.yaml': APP,
      'policies/no-latest.yaml': POLICY,
      'apps/shop/deploy.yaml': deployment('nginx:latest', '          ports: [{ containerPort: "80" }]\n          restart: Always\n'),
      'apps/shop/crd.yaml': CRD,
      'apps/shop/widget.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { size: huge }\n',
      'apps/shop/service.yaml':
        'apiVersion: v1\nkind: Service\nmetadata: { name: web, labels: { team: shop } }\nspec:\n  ports: [{ port: 80 }]\n',
      'apps/shop/zz-broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   data: 1\n',
      'apps/shop/zz-again.yaml': 'apiVersion: v1\nkind: Service\nmetadata: { name: web }\n',
      'clean/deploy.yaml': deployment('nginx:1.27'),
      'warn-policies/team.yaml': WARN_POLICY,
      'kust/base/deploy.yaml': deployment('nginx:1.27'),
      'kust/base/kustomization.yaml': 'resources: [deploy.yaml]\n',
      'kust/overlay/kustomization.yaml':
        'resources: [../base]\nnamespace: prod\nimages: [{ name: nginx, newTag: latest }]\npatches:\n  - patch: |-\n      - { op: add, path: /spec/replicas, value: "3" }\n    target: { kind: Deployment, name: web }\n',
    });
  });
  after(() => repo.remove());

  test('an app file is validated from the local checkout: one line per problem, file:line: object: message, exit 1', async () => {
    const run = await tideway(repo.dir, '-f', 'deploy/app.yaml');
    assert.equal(run.code, 1, run.stderr);
    assert.equal(
      run.stdout,
      [
        'apps/shop/deploy.yaml:1: Deployment/web: spec.template.spec.containers[0].ports[0].containerPort: must be an integer (got the string "80")',
        'apps/shop/deploy.yaml:1: Deployment/web: spec.template.spec.containers[0].restart: unknown field',
        "apps/shop/deploy.yaml:1: Deployment/web: ValidatingAdmissionPolicy 'no-latest' with binding 'no-latest' denied request: image nginx:latest uses the latest tag",
        'apps/shop/widget.yaml:1: Widget/w: spec.size: unsupported value "huge" (one of "small", "large")',
        'apps/shop/zz-again.yaml:1: Service/web: defined again (first at apps/shop/service.yaml:1)',
        'apps/shop/zz-broken.yaml:4: invalid YAML: Nested mappings are not allowed in compact mappings',
        '5 objects checked against Kubernetes 1.34: 6 errors, 0 warnings',
        '',
      ].join('\n'),
    );
  });

  test('a clean directory passes with exit 0; warnings (a Warn binding) are shown and do not fail', async () => {
    const clean = await tideway(repo.dir, 'clean');
    assert.deepEqual([clean.code, clean.stdout], [0, '1 object checked against Kubernetes 1.34: 0 errors, 0 warnings\n']);
    const warned = await tideway(repo.dir, 'clean', '--policies', 'warn-policies', '-o', 'json');
    assert.equal(warned.code, 0, warned.stderr);
    const report = JSON.parse(warned.stdout);
    assert.equal(report.ok, true);
    assert.deepEqual(report.problems, []);
  });

  test('-o json lists every problem with its rule, severity, file, line and object', async () => {
    const run = await tideway(repo.dir, '-f', 'deploy/app.yaml', '-o', 'json');
    assert.equal(run.code, 1);
    const report = JSON.parse(run.stdout);
    assert.equal(report.ok, false);
    assert.equal(report.kubeVersion, '1.34');
    assert.deepEqual(report.targets, [{ name: 'shop', path: 'apps/shop', objects: 5 }]);
    assert.deepEqual(
      report.problems.map((p: { rule: string }) => p.rule),
      ['schema', 'schema', 'policy', 'schema', 'duplicate', 'yaml'],
    );
    assert.deepEqual(report.problems[2], {
      rule: 'policy',
      severity: 'error',
      file: 'apps/shop/deploy.yaml',
      line: 1,
      object: 'Deployment/web',
      message: "ValidatingAdmissionPolicy 'no-latest' with binding 'no-latest' denied request: image nginx:latest uses the latest tag",
    });
  });

  test('-o junit writes JUnit XML: a test case per rendered object, failing with its problems, and one per file that does not parse', async () => {
    const run = await tideway(repo.dir, '-f', 'deploy/app.yaml', '-o', 'junit');
    assert.equal(run.code, 1);
    const xml = run.stdout;
    assert.match(
      xml,
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="tideway validate" tests="6" failures="4" errors="0">\n/,
    );
    assert.equal(xml.match(/<testsuite /g)?.length, 2);
    assert.equal(xml.match(/<testcase /g)?.length, 6);
    assert.equal(xml.match(/<failure /g)?.length, 4);
    assert.match(
      xml,
      /<testcase name="Deployment\/web" classname="apps\/shop\/deploy\.yaml">\n {6}<failure message="spec\.template\.spec\.containers\[0\]\.ports\[0\]\.containerPort: must be an integer \(got the string &quot;80&quot;\)" type="schema">/,
    );
    assert.match(xml, /<testcase name="CustomResourceDefinition\/widgets\.example\.com" classname="apps\/shop\/crd\.yaml"\/>/);
    assert.match(xml, /<testsuite name="files and policies" tests="1" failures="1"/);
    // Every element that opens closes, in order.
    const stack: string[] = [];
    for (const [, close, name, selfClosing] of xml.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
      if (selfClosing) continue;
      if (close) assert.equal(stack.pop(), name);
      else stack.push(name);
    }
    assert.deepEqual(stack, []);
  });

  test('-o sarif writes SARIF 2.1.0: one result per problem with its rule and location', async () => {
    const run = await tideway(repo.dir, '-f', 'deploy/app.yaml', '-o', 'sarif');
    assert.equal(run.code, 1);
    const sarif = JSON.parse(run.stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs.length, 1);
    const { driver } = sarif.runs[0].tool;
    assert.equal(driver.name, 'tideway');
    const ruleIds = driver.rules.map((r: { id: string }) => r.id);
    const results = sarif.runs[0].results;
    assert.equal(results.length, 6);
    for (const r of results) {
      assert.ok(ruleIds.includes(r.ruleId), r.ruleId);
      assert.equal(driver.rules[r.ruleIndex].id, r.ruleId);
      assert.equal(r.level, 'error');
      assert.equal(typeof r.message.text, 'string');
      assert.match(r.locations[0].physicalLocation.artifactLocation.uri, /^apps\/shop\/[a-z-]+\.yaml$/);
      assert.equal(typeof r.locations[0].physicalLocation.region.startLine, 'number');
    }
    assert.deepEqual(results[5].locations[0].physicalLocation, {
      artifactLocation: { uri: 'apps/shop/zz-broken.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 4 },
    });
  });

  test('--kube-version picks the schemas: a field newer than 1.20 is unknown there; a version with none uses the nearest, with a note', async () => {
    repo.commit({
      'pod/pod.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  os: { name: linux }\n  containers: [{ name: c, image: "x:1" }]\n',
    });
    const old = await tideway(repo.dir, 'pod', '--kube-version', '1.20');
    assert.deepEqual([old.code, old.stdout.split('\n')[0]], [1, 'pod/pod.yaml:1: Pod/p: spec.os: unknown field']);
    const near = await tideway(repo.dir, 'pod', '--kube-version', 'v1.33.1');
    assert.deepEqual([near.code, near.stderr], [0, 'note: no schemas for Kubernetes v1.33.1; validating against 1.34\n']);
  });

  test('a kustomization is rendered as a sync renders it, and its objects are checked like any other', async () => {
    const run = await tideway(repo.dir, 'kust/overlay', '--policies', 'policies');
    assert.equal(run.code, 1, run.stderr);
    assert.equal(
      run.stdout,
      [
        'kust/base/deploy.yaml: Deployment/prod/web: spec.replicas: must be an integer (got the string "3")',
        "kust/base/deploy.yaml: Deployment/prod/web: ValidatingAdmissionPolicy 'no-latest' with binding 'no-latest' denied request: image nginx:latest uses the latest tag",
        '1 object checked against Kubernetes 1.34: 2 errors, 0 warnings',
        '',
      ].join('\n'),
    );
  });

  test('usage errors exit 2', async () => {
    for (const argv of [
      [],
      ['clean', '-o', 'xml'],
      ['clean', '--kube-version', 'latest'],
      ['no-such-dir'],
      ['clean', '--bogus'],
      ['-f', 'nope.yaml'],
    ]) {
      const run = await tideway(repo.dir, ...argv);
      assert.equal(run.code, 2, `${argv.join(' ')}: ${run.stdout}${run.stderr}`);
    }
  });
});
