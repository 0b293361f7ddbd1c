/**
 * `tideway render/diff/sync -f APP` check the apps against their projects as the agent does: Projects
 * in the app file and in `--project` files. The real CLI bundle as a child process and a real git
 * repository; diff and sync are refused before they reach any cluster.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTestRepo, type TestRepo } from '../../../test/support/git-repo.js';

const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/tideway.js');

describe('the command line reads projects', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tideway-cli-projects-'));
  let repo: TestRepo;
  const tideway = (...argv: string[]) => {
    const r = spawnSync(process.execPath, [bin, ...argv], {
      cwd: tmp,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, TIDEWAY_DEBUG: '', TIDEWAY_CACHE_DIR: path.join(tmp, 'cache'), KUBECONFIG: path.join(tmp, 'no-kubeconfig') },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const project = (name: string, spec: string) =>
    `apiVersion: tideway.dev/v1alpha1\nkind: Project\nmetadata: { name: ${name} }\nspec: ${spec}\n---\n`;
  const app = (project: string | undefined, dir = 'ok') =>
    `apiVersion: tideway.dev/v1alpha1\nkind: Application\nmetadata: { name: web }\nspec:\n${project ? `  project: ${project}\n` : ''}  source: { repoURL: ${repo.dir}, targetRevision: main, path: ${dir} }\n  destination: { namespace: team-a }\n`;
  const write = (name: string, text: string) => {
    writeFileSync(path.join(tmp, name), text);
    return name;
  };
  const teamA = project('team-a', '{ sourceRepos: ["*"], destinations: [{ namespace: team-a }], permissions: { localSources: true } }');

  before(() => {
    repo = createTestRepo({
      'ok/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cm }\ndata: { a: "1" }\n',
      'admin/role.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: admin2 }\nrules: []\n',
    });
  });
  after(() => {
    repo.remove();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('without projects an app of the operator file renders as before', () => {
    const r = tideway('render', '-f', write('plain.yaml', app(undefined)));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /kind: ConfigMap/);
  });

  test('an app inside the project of its own file renders', () => {
    const r = tideway('render', '-f', write('inside.yaml', teamA + app('team-a')));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /name: cm/);
  });

  test('rendered objects its project does not allow are refused, nothing printed', () => {
    const r = tideway('render', '-f', write('admin.yaml', teamA + app('team-a', 'admin')));
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(
      r.stderr,
      /web: refused by its project: ClusterResource: ClusterRole\/admin2: project "team-a" does not allow cluster-scoped/,
    );
    assert.match(r.stderr, /\[ProjectViolation\]/);
  });

  test('--project adds Projects from another file: a project without local sources refuses a local repoURL', () => {
    write('team-b.yaml', project('team-b', '{ sourceRepos: ["*"], destinations: [{ namespace: "*" }] }'));
    const r = tideway('render', '-f', write('b.yaml', app('team-b')), '--project', 'team-b.yaml');
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /LocalSource: spec\.source\.repoURL: project "team-b" does not allow local paths or file:\/\/ \(permissions\.localSources\)/,
    );
  });

  test('diff and sync refuse an app of an unknown project before reaching any cluster', () => {
    const file = write('unknown.yaml', app('nope'));
    for (const command of ['diff', 'sync']) {
      const r = tideway(command, '-f', file);
      assert.equal(r.code, 2, `${command}: ${r.stderr}`);
      assert.match(
        r.stderr,
        /web: refused by its project: UnknownProject: spec\.project: project "nope" is not defined \[ProjectViolation\]/,
      );
    }
  });

  test('an invalid Project file is an error naming the file and field', () => {
    write('bad.yaml', project('bad', '{ sourceRepos: 5 }'));
    const r = tideway('render', '-f', 'plain.yaml', '--project', 'bad.yaml');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.yaml.*spec\.sourceRepos: must be a list/);
  });
});
