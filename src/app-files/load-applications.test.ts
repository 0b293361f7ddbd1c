import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ValidationError, RenderError } from '../core/errors.js';
import { loadApplications, loadApplicationsFromDir } from './load-applications.js';

const app = (name: string, extra = '') => `apiVersion: tideway.dev/v1alpha1
kind: Application
metadata:
  name: ${name}
spec:
  source:
    repoURL: https://github.com/example/${name}.git
    path: .
${extra}`;

let tmp: string;
const originalCwd = process.cwd();

async function write(rel: string, text: string): Promise<string> {
  const file = path.join(tmp, rel);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  return rel;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  assert.fail('expected a rejection');
}

before(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'tideway-apps-'));
  process.chdir(tmp); // messages show the file as the caller named it: relative here
});
after(async () => {
  process.chdir(originalCwd);
  await rm(tmp, { recursive: true, force: true });
});

describe('loadApplications', () => {
  test('a file with one Application resolves it, reading "path: ." as the root', async () => {
    const apps = await loadApplications(await write('one/guestbook.yaml', app('guestbook')));
    assert.equal(apps.length, 1);
    assert.equal(apps[0].name, 'guestbook');
    assert.equal(apps[0].source.path, '.');
    assert.equal(apps[0].source.intervalMs, 60_000);
  });

  test('a file with several Application documents returns them in order', async () => {
    const file = await write('multi/all.yaml', `${app('a')}---\n${app('b')}---\n${app('c')}`);
    assert.deepEqual(
      (await loadApplications(file)).map((a) => a.name),
      ['a', 'b', 'c'],
    );
  });

  test('a validation error is prefixed with the file name', async () => {
    const file = await write(
      'apps/guestbook.yaml',
      'apiVersion: tideway.dev/v1alpha1\nkind: Application\nmetadata: { name: guestbook }\nspec:\n  source: { path: x }\n',
    );
    const error = await rejection(loadApplications(file));
    assert.ok(error instanceof ValidationError);
    assert.equal(error.message, 'apps/guestbook.yaml: spec.source.repoURL: is required');
    assert.equal(error.field, 'spec.source.repoURL');
  });

  test('in a file with several documents each problem names the document line, all documents reported', async () => {
    const file = await write('apps/several.yaml', `${app('good')}---\n${app('Bad_Name')}---\n${app('c', '    interval: 5x\n')}`);
    const error = await rejection(loadApplications(file));
    assert.equal(
      error.message,
      [
        `apps/several.yaml:10: metadata.name: "Bad_Name" is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', each part starting and ending with a letter or digit)`,
        'apps/several.yaml:19: spec.source.interval: "5x" is not a duration (use 30s, 5m, 1h)',
      ].join('\n'),
    );
  });

  test('invalid YAML is a RenderError naming the file and line', async () => {
    const file = await write('apps/broken.yaml', `${app('x')}    path: again\n`);
    const error = await rejection(loadApplications(file));
    assert.ok(error instanceof RenderError);
    assert.equal(error.file, 'apps/broken.yaml');
    assert.match(error.message, /^apps\/broken\.yaml:9: invalid YAML/);
  });

  test('a document that is not an Application is refused when the file is named explicitly', async () => {
    const file = await write('apps/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec: {}\n');
    const error = await rejection(loadApplications(file));
    assert.match(
      error.message,
      /^apps\/deploy\.yaml: apiVersion: must be "tideway.dev\/v1alpha1" \(got "apps\/v1"\)\napps\/deploy\.yaml: kind: must be "Application" \(got "Deployment"\)/,
    );
  });

  test('the same name twice in one file is refused', async () => {
    const file = await write('apps/twice.yaml', `${app('same')}---\n${app('same')}`);
    const error = await rejection(loadApplications(file));
    assert.equal(error.message, 'apps/twice.yaml:10: metadata.name: "same" is already defined at apps/twice.yaml:1');
  });

  test('a missing file is an error naming it', async () => {
    const error = await rejection(loadApplications('nowhere/app.yaml'));
    assert.equal(error.message, 'nowhere/app.yaml: cannot read the file (ENOENT)');
  });
});

describe('loadApplicationsFromDir', () => {
  test('every .yaml/.yml file is read in sorted order and non-Application documents are ignored', async () => {
    await write('dir/b.yml', app('bravo'));
    await write('dir/a.yaml', `${app('alpha')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: not-an-app }\n`);
    await write('dir/c-argo.yaml', 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: { name: argo-one }\nspec: {}\n');
    await write('dir/README.md', '# not yaml: [');
    await write('dir/.hidden.yaml', app('hidden'));
    await write('dir/sub/deep.yaml', app('deep'));
    assert.deepEqual(
      (await loadApplicationsFromDir('dir')).map((a) => a.name),
      ['alpha', 'bravo'],
    );
    assert.deepEqual(
      (await loadApplicationsFromDir('dir', { recurse: true })).map((a) => a.name),
      ['alpha', 'bravo', 'deep'],
    );
  });

  test('problems in several files are reported together, each prefixed with its file', async () => {
    await write('bad/one.yaml', app('one', '    targetRevision: -x\n'));
    await write('bad/two.yaml', app('two', '  syncPolicy:\n    syncOptions: [Foo=bar]\n'));
    const error = await rejection(loadApplicationsFromDir('bad'));
    const lines = error.message.split('\n');
    assert.equal(lines.length, 2);
    assert.equal(lines[0], 'bad/one.yaml: spec.source.targetRevision: must not start with "-" (git would read it as an option)');
    assert.match(lines[1], /^bad\/two\.yaml: spec\.syncPolicy\.syncOptions\[0\]: unknown option "Foo=bar"/);
  });

  test('the same Application name in two files is refused, naming both', async () => {
    await write('dup/a.yaml', app('web'));
    await write('dup/b.yaml', app('web'));
    const error = await rejection(loadApplicationsFromDir('dup'));
    assert.equal(error.message, 'dup/b.yaml: metadata.name: "web" is already defined at dup/a.yaml');
  });

  test('a file with invalid YAML fails the whole load instead of being skipped', async () => {
    await write('broken/a.yaml', app('a'));
    await write('broken/b.yaml', 'apiVersion: v1\nkind: [\n');
    const error = await rejection(loadApplicationsFromDir('broken'));
    assert.ok(error instanceof RenderError);
    assert.match(error.message, /^broken\/b\.yaml:\d+: invalid YAML/);
  });

  test('an empty directory holds no Applications, and a symlink loop is read once', async () => {
    await mkdir(path.join(tmp, 'empty'));
    assert.deepEqual(await loadApplicationsFromDir('empty'), []);
    await write('loop/app.yaml', app('looped'));
    await symlink('.', path.join(tmp, 'loop/again'));
    assert.deepEqual(
      (await loadApplicationsFromDir('loop', { recurse: true })).map((a) => a.name),
      ['looped'],
    );
  });
});

test('a relative local repoURL is resolved against the Application file directory', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-apps-'));
  try {
    const file = path.join(dir, 'app.yaml');
    writeFileSync(
      file,
      'apiVersion: tideway.dev/v1alpha1\nkind: Application\nmetadata: { name: rel }\nspec:\n  source: { repoURL: ./config-repo }\n',
    );
    const [app] = await loadApplications(file);
    assert.equal(app.source.repoURL, path.join(dir, 'config-repo'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
