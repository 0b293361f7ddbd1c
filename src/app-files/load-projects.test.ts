import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { loadApplications, loadApplicationsFromDir } from './load-applications.js';
import { loadProjects } from './load-projects.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-projects-'));
const project = (name: string, spec = '{ sourceRepos: ["*"] }') =>
  `apiVersion: tideway.dev/v1alpha1\nkind: Project\nmetadata: { name: ${name} }\nspec: ${spec}\n`;
const application = (name: string) =>
  `apiVersion: tideway.dev/v1alpha1\nkind: Application\nmetadata: { name: ${name} }\nspec:\n  project: team-a\n  source: { repoURL: https://git.example.com/a }\n`;

describe('loadProjects', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('Projects beside Applications in one file are read by loadProjects and skipped by loadApplications', async () => {
    const file = path.join(dir, 'one.yaml');
    writeFileSync(file, `${project('team-a')}---\n${application('web')}`);
    assert.deepEqual(
      (await loadProjects([file])).map((p) => p.name),
      ['team-a'],
    );
    const apps = await loadApplications(file);
    assert.deepEqual(
      apps.map((a) => [a.name, a.project]),
      [['web', 'team-a']],
    );
  });

  test('a directory is read recursively, and an invalid Project names its file, line and field', async () => {
    const sub = path.join(dir, 'tree', 'projects');
    mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, 'a.yaml'), project('team-b'));
    writeFileSync(path.join(dir, 'tree', 'apps.yaml'), application('api'));
    assert.deepEqual(
      (await loadProjects([path.join(dir, 'tree')])).map((p) => p.name),
      ['team-b'],
    );
    assert.deepEqual(
      (await loadApplicationsFromDir(path.join(dir, 'tree'), { recurse: true })).map((a) => a.name),
      ['api'],
    );
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, `${application('x')}---\n${project('team-c', '{ permissions: { hostServices: "yes" } }')}`);
    await assert.rejects(
      loadProjects([bad]),
      (e: Error) => e.message === `${bad}:8: spec.permissions.hostServices: must be true or false (got a string)`,
    );
  });

  test('a project defined twice is an error naming the first definition', async () => {
    const a = path.join(dir, 'twice-a.yaml');
    const b = path.join(dir, 'twice-b.yaml');
    writeFileSync(a, project('same'));
    writeFileSync(b, project('same'));
    await assert.rejects(
      loadProjects([a, b]),
      (e: Error) => e.message === `${b}: metadata.name: project "same" is already defined at ${a}`,
    );
  });
});
