/**
 * The agent's project gate over real files: Projects are read from the apps paths, a bad file keeps
 * the projects as they were, a change asks for every app to be checked again, and a child is checked
 * against its parent's project as the registry records it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { resolveApplication } from '../core/application/resolve-application.js';
import { silentLogger } from '../log/logger.js';
import { AppRegistry } from './app-registry.js';
import { createProjectGate } from './project-gate.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-gate-'));
const file = path.join(dir, 'projects.yaml');
const project = (name: string, spec: string) =>
  `apiVersion: tideway.dev/v1alpha1\nkind: Project\nmetadata: { name: ${name} }\nspec: ${spec}\n`;
const app = (name: string, spec: Record<string, unknown>) =>
  resolveApplication({
    apiVersion: 'tideway.dev/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: { source: { repoURL: 'https://git.example.com/team-a/web' }, ...spec },
  });

describe('the project gate', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('projects load from the apps files, a bad file keeps them, and a change re-checks every app', async () => {
    const registry = new AppRegistry();
    let changes = 0;
    const gate = createProjectGate({
      registry,
      paths: [file],
      protectedDirs: [path.join(dir, 'data')],
      agentNamespace: 'tideway-system',
      log: silentLogger,
      onChange: () => changes++,
    });
    writeFileSync(file, project('team-a', '{ sourceRepos: ["https://git.example.com/team-a/*"], destinations: [{ namespace: team-a }] }'));
    await gate.reload();
    const web = app('web', { project: 'team-a', destination: { namespace: 'team-a' } });
    registry.replace({ kind: 'file' }, [web]);
    assert.deepEqual(gate.admit(web), []);
    assert.equal(gate.objectsProject(web)?.name, 'team-a');

    writeFileSync(file, project('team-a', '{ sourceRepos: "not a list" }'));
    await gate.reload();
    assert.deepEqual(gate.admit(web), [], 'an invalid file keeps the projects as they were');
    assert.equal(changes, 0);

    writeFileSync(file, project('team-a', '{ sourceRepos: ["https://git.example.com/team-b/*"], destinations: [{ namespace: team-a }] }'));
    await gate.reload();
    assert.equal(changes, 1, 'a changed project asks for every app to be checked again');
    assert.deepEqual(
      gate.admit(web).map((v) => v.rule),
      ['SourceRepo'],
    );
    assert.throws(() => gate.assertAdmitted(web), /ProjectViolation|refused by its project: SourceRepo/);
  });

  test("a child is checked against its parent's project; an operator's app in the implicit default is not checked", async () => {
    const registry = new AppRegistry();
    const gate = createProjectGate({
      registry,
      paths: [],
      protectedDirs: [path.join(dir, 'data')],
      agentNamespace: 'tideway-system',
      log: silentLogger,
      onChange: () => {},
    });
    await gate.reload();
    const parent = app('parent', { destination: { namespace: 'x' } });
    const child = app('child', { destination: { target: 'host' } });
    const hostApp = app('host-app', { destination: { target: 'host' } });
    registry.replace({ kind: 'file' }, [parent, hostApp]);
    registry.replace({ kind: 'parent', parent: 'parent' }, [child]);
    assert.deepEqual(gate.admit(hostApp), []);
    assert.equal(gate.objectsProject(hostApp), undefined, 'nothing to check on its objects');
    assert.deepEqual(
      gate.admit(child).map((v) => v.rule),
      ['Destination'],
    );
    assert.equal(gate.objectsProject(child)?.name, 'default');
  });
});
