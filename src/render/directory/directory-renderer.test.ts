import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { RenderError, type ErrorCode } from '../../core/errors.js';
import type { RenderedObject } from '../../core/model/manifest.js';
import type { SourceTree } from '../../core/model/source-tree.js';
import type { Renderer } from '../renderer.js';
import type { DirectoryOptions } from '../../core/application/directory-options.js';
import { createRenderer } from '../select-renderer.js';
import { createDirectoryRenderer, type DirectoryRendererOptions } from './index.js';

const cm = (name: string, extra = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}`;
const names = (objects: RenderedObject[]) => objects.map((o) => o.object.metadata.name);
const origins = (objects: RenderedObject[]) => objects.map((o) => `${o.origin?.file}:${o.origin?.line}`);

let base: string; // holds one root per test, plus "outside" for escape attempts
let count = 0;

before(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), 'tideway-dir-render-')));
  await mkdir(path.join(base, 'outside'));
  await writeFile(path.join(base, 'outside', 'secret.yaml'), cm('from-outside'));
});
after(() => rm(base, { recursive: true, force: true }));

/** A fresh repository root with these files; a value `{ link }` makes a symlink to that target. */
async function repo(files: Record<string, string | { link: string }>): Promise<string> {
  const root = path.join(base, `repo-${++count}`);
  await mkdir(root);
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(root, rel);
    await mkdir(path.dirname(full), { recursive: true });
    if (typeof content === 'string') await writeFile(full, content);
    else await symlink(content.link.replace('$OUTSIDE', path.join(base, 'outside')), full);
  }
  return root;
}

async function renderError(renderer: Renderer, root: string, p: string, directory?: DirectoryOptions): Promise<RenderError> {
  try {
    await renderer.render({ root, path: p, directory });
  } catch (error) {
    assert.ok(error instanceof RenderError, `a RenderError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the render to fail');
}

function assertRenderError(error: RenderError, code: ErrorCode, message: RegExp, file?: string): void {
  assert.equal(error.code, code);
  assert.match(error.message, message);
  if (file !== undefined) assert.equal(error.file, file);
}

/** One suite, run on the directory renderer and on the selecting renderer (which routes plain dirs to it). */
function directorySuite(name: string, make: (options?: DirectoryRendererOptions) => Renderer): void {
  describe(name, () => {
    const renderer = make();

    test('a multi-document YAML file gives its objects in document order with their lines', async () => {
      const root = await repo({ 'apps/all.yaml': `${cm('one')}---\n${cm('two')}---\n# comment only\n---\n${cm('three')}` });
      const objects = await renderer.render({ root, path: 'apps' });
      assert.deepEqual(names(objects), ['one', 'two', 'three']);
      assert.deepEqual(origins(objects), ['apps/all.yaml:1', 'apps/all.yaml:6', 'apps/all.yaml:13']);
    });

    test('JSON files and kind: List items are rendered', async () => {
      const list = {
        apiVersion: 'v1',
        kind: 'List',
        items: [
          { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' } },
          { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sec' } },
        ],
      };
      const root = await repo({
        'b.json': JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2 } }, null, 2),
        'a.yaml': `apiVersion: v1\nkind: ConfigMapList\nitems:\n  - ${cm('in-list').replaceAll('\n', '\n    ')}`,
        'c.json': JSON.stringify(list),
      });
      const objects = await renderer.render({ root, path: '.' });
      assert.deepEqual(
        objects.map((o) => `${o.object.kind}/${o.object.metadata.name}`),
        ['ConfigMap/in-list', 'Deployment/web', 'Service/svc', 'Secret/sec'],
      );
      assert.equal((objects[1].object.spec as { replicas: number }).replicas, 2);
    });

    test('subdirectories are read only with recurse, in sorted path order', async () => {
      const root = await repo({ 'b.yaml': cm('b'), 'a/z.yaml': cm('a-z'), 'a/deeper/y.yml': cm('a-deeper-y'), 'c.yaml': cm('c') });
      assert.deepEqual(names(await renderer.render({ root, path: '' })), ['b', 'c']);
      const all = await renderer.render({ root, path: '', directory: { recurse: true } });
      assert.deepEqual(
        origins(all).map((o) => o.split(':')[0]),
        ['a/deeper/y.yml', 'a/z.yaml', 'b.yaml', 'c.yaml'],
      );
    });

    test('include and exclude globs are relative to the path, accept {a,b} lists, and exclude wins', async () => {
      const root = await repo({
        'app/deploy.yaml': cm('deploy'),
        'app/svc.yaml': cm('svc'),
        'app/extra.json': cm('extra'),
        'app/test/fixture.yaml': cm('fixture'),
        'app/prod/deploy.yaml': cm('prod-deploy', 'data: { x: "1" }\n'),
      });
      const render = (directory: DirectoryOptions) =>
        renderer.render({ root, path: 'app', directory: { recurse: true, ...directory } }).then(names);
      assert.deepEqual(await render({ include: '*.yaml' }), ['deploy', 'prod-deploy', 'svc', 'fixture']);
      assert.deepEqual(await render({ include: '{deploy.yaml,extra.json}' }), ['deploy', 'extra', 'prod-deploy']);
      assert.deepEqual(await render({ include: 'prod/*.yaml' }), ['prod-deploy']);
      assert.deepEqual(await render({ exclude: 'test/**' }), ['deploy', 'extra', 'prod-deploy', 'svc']);
      assert.deepEqual(await render({ exclude: 'test' }), ['deploy', 'extra', 'prod-deploy', 'svc']);
      assert.deepEqual(await render({ include: '*.yaml', exclude: '{svc.yaml,deploy.yaml}' }), ['fixture']);
    });

    test('non-manifest files, hidden files and hidden directories are ignored', async () => {
      const root = await repo({
        'web.yaml': cm('web'),
        'README.md': '# not: [yaml',
        'deploy.sh': '#!/bin/sh\nexit 1\n',
        Makefile: 'all:\n',
        '.hidden.yaml': 'not: [valid',
        '.github/workflows/ci.yaml': 'on: push\n',
        'notes.txt': 'x: [',
      });
      assert.deepEqual(names(await renderer.render({ root, path: '.', directory: { recurse: true } })), ['web']);
    });

    test('an empty directory renders to no objects, and so do a file with only comments and hidden files', async () => {
      const root = await repo({ 'comments/only.yaml': '# nothing\n---\n', 'hidden/.gitkeep': '', 'hidden/.ci/x.yaml': cm('x') });
      await mkdir(path.join(root, 'empty'));
      assert.deepEqual(await renderer.render({ root, path: 'empty' }), []);
      assert.deepEqual(await renderer.render({ root, path: 'comments' }), []);
      assert.deepEqual(await renderer.render({ root, path: 'hidden', directory: { recurse: true } }), []);
    });

    test('a path whose every file was skipped fails with EmptyRender naming what was skipped, unless allowEmpty', async () => {
      const root = await repo({
        'docs/README.md': 'nothing here',
        'nested/sub/a.yaml': cm('a'),
        'globbed/a.yml': cm('a'),
        'globbed/b.yml': cm('b'),
      });
      const cases: Array<[string, DirectoryOptions | undefined, RegExp]> = [
        ['docs', undefined, /^docs: no objects rendered: every file was skipped \(README\.md: not \.yaml, \.yml or \.json\)/],
        ['nested', undefined, /^nested: no objects rendered: every file was skipped \(sub\/: a directory, and recurse is off\)/],
        [
          'globbed',
          { include: '*.yaml' },
          /^globbed: no objects rendered: every file was skipped \(a\.yml, b\.yml: left out by include\/exclude\)/,
        ],
        ['globbed', { exclude: '*' }, /every file was skipped \(a\.yml, b\.yml: left out by include\/exclude\)/],
      ];
      for (const [p, directory, message] of cases) {
        const error = await renderError(renderer, root, p, directory);
        assertRenderError(error, 'EmptyRender', message, p);
        assert.match(error.message, /set spec\.syncPolicy\.automated\.allowEmpty/);
        assert.deepEqual(await renderer.render({ root, path: p, directory, allowEmpty: true }), [], `${p}: allowEmpty renders nothing`);
      }
    });

    test('a .jsonnet or .libsonnet file fails the render naming it, unless the include/exclude globs leave it out', async () => {
      const root = await repo({
        'app/web.yaml': cm('web'),
        'app/main.jsonnet': '{ kind: "ConfigMap" }',
        'lib/util.libsonnet': '{}',
        'lib/web.yaml': cm('web'),
        'deep/web.yaml': cm('web'),
        'deep/sub/gen.jsonnet': '{}',
      });
      assertRenderError(
        await renderError(renderer, root, 'app'),
        'RenderFailed',
        /^jsonnet is not supported: app\/main\.jsonnet/,
        'app/main.jsonnet',
      );
      assertRenderError(await renderError(renderer, root, 'lib'), 'RenderFailed', /^jsonnet is not supported: lib\/util\.libsonnet/);
      assertRenderError(
        await renderError(renderer, root, 'deep', { recurse: true }),
        'RenderFailed',
        /^jsonnet is not supported: deep\/sub\/gen\.jsonnet/,
      );
      assert.deepEqual(names(await renderer.render({ root, path: 'deep' })), ['web'], 'not read without recurse');
      for (const directory of [{ include: '*.yaml' }, { exclude: '*.jsonnet' }, { exclude: '{*.jsonnet,*.libsonnet}' }]) {
        assert.deepEqual(names(await renderer.render({ root, path: 'app', directory })), ['web'], JSON.stringify(directory));
      }
      assert.deepEqual(names(await renderer.render({ root, path: 'deep', directory: { recurse: true, exclude: 'sub' } })), ['web']);
    });

    test('invalid YAML fails the render naming the file relative to the root and the line', async () => {
      const root = await repo({ 'apps/good.yaml': cm('good'), 'apps/bad.yaml': `${cm('bad')}data:\n  a: 1\n  a: 2\n` });
      const error = await renderError(renderer, root, 'apps');
      assertRenderError(error, 'RenderFailed', /^apps\/bad\.yaml:7: invalid YAML: /, 'apps/bad.yaml');
      assert.equal(error.line, 7);
    });

    test('a document that is not a Kubernetes object fails the render naming file and line', async () => {
      const root = await repo({ 'x.yaml': `${cm('ok')}---\n- just\n- a list\n` });
      assertRenderError(await renderError(renderer, root, '.'), 'RenderFailed', /^x\.yaml:6: not a Kubernetes object/, 'x.yaml');
      const scalar = await repo({ 'y.json': '"hello"' });
      assertRenderError(await renderError(renderer, scalar, '.'), 'RenderFailed', /^y\.json:1: not a Kubernetes object/, 'y.json');
    });

    test('two files defining the same object fail with DuplicateObject naming both origins', async () => {
      const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n';
      const root = await repo({ 'apps/a.yaml': `${cm('x')}---\n${deploy}`, 'apps/b.yaml': deploy.replace('apps/v1', 'apps/v1beta2') });
      const error = await renderError(renderer, root, 'apps');
      assertRenderError(error, 'DuplicateObject', /^apps\/a\.yaml:6 and apps\/b\.yaml:1 both define Deployment\/web$/, 'apps/b.yaml');
      const namespaced = await repo({
        'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: prod\n',
        'b.yaml': cm('x'),
      });
      assert.deepEqual(names(await renderer.render({ root: namespaced, path: '.' })), ['x', 'x'], 'an empty namespace differs from "prod"');
    });

    test('a symlinked file pointing outside the root is refused as UnsafePath naming it', async () => {
      const root = await repo({ 'ok.yaml': cm('ok'), 'leak.yaml': { link: '$OUTSIDE/secret.yaml' } });
      assertRenderError(
        await renderError(renderer, root, '.'),
        'UnsafePath',
        /^leak\.yaml: symlink points outside the repository root$/,
        'leak.yaml',
      );
    });

    test('a symlinked directory pointing outside the root is refused when recursing', async () => {
      const root = await repo({ 'apps/ok.yaml': cm('ok'), 'apps/ext': { link: '$OUTSIDE' } });
      assertRenderError(
        await renderError(renderer, root, 'apps', { recurse: true }),
        'UnsafePath',
        /^apps\/ext: symlink points outside/,
        'apps/ext',
      );
      assert.deepEqual(names(await renderer.render({ root, path: 'apps' })), ['ok'], 'without recurse the directory is not read at all');
      const asPath = await renderError(renderer, root, 'apps/ext');
      assertRenderError(asPath, 'UnsafePath', /symlink points outside/);
    });

    test('symlinks that stay inside the root are followed', async () => {
      const root = await repo({
        'shared/base.yaml': cm('base'),
        'app/own.yaml': cm('own'),
        'app/base.yaml': { link: '../shared/base.yaml' },
        'app/more': { link: '../more' },
        'more/extra.yaml': cm('extra'),
        'app/tool.sh': { link: '/bin/sh' },
      });
      const objects = await renderer.render({ root, path: 'app', directory: { recurse: true } });
      assert.deepEqual(names(objects), ['base', 'extra', 'own']);
      assert.deepEqual(
        origins(objects),
        ['app/base.yaml:1', 'app/more/extra.yaml:1', 'app/own.yaml:1'],
        'origins name the path as reached',
      );
    });

    test('a symlink loop fails instead of recursing forever', async () => {
      const root = await repo({ 'app/x.yaml': cm('x'), 'app/sub/loop': { link: '..' } });
      assertRenderError(await renderError(renderer, root, 'app', { recurse: true }), 'RenderFailed', /^app\/sub\/loop: symlink loop/);
    });

    test('a path with ".." or an absolute path is refused, even one that would stay inside', async () => {
      const root = await repo({ 'apps/x.yaml': cm('x') });
      for (const p of ['../outside', 'apps/../apps', '..', path.join(base, 'outside')]) {
        assertRenderError(await renderError(renderer, root, p), 'UnsafePath', /path must stay inside the repository/);
      }
    });

    test('a missing path or a path to a file fails naming it', async () => {
      const root = await repo({ 'apps/x.yaml': cm('x') });
      assertRenderError(await renderError(renderer, root, 'nope'), 'RenderFailed', /^nope: no such file or directory/);
      assertRenderError(await renderError(renderer, root, 'apps/x.yaml'), 'RenderFailed', /^apps\/x\.yaml: not a directory/);
    });

    test('a file over the size limit is refused naming the file and both sizes', async () => {
      const small = make({ maxFileBytes: 1000 });
      const root = await repo({ 'ok.yaml': cm('ok'), 'big.yaml': cm('big', `data:\n  blob: "${'x'.repeat(2000)}"\n`) });
      const error = await renderError(small, root, '.');
      assertRenderError(error, 'InputTooLarge', /^big\.yaml: file is 2\d{3} bytes, over the 1000-byte limit$/, 'big.yaml');
    });

    test('the total size and object count limits are enforced', async () => {
      const files = Object.fromEntries([1, 2, 3, 4].map((i) => [`f${i}.yaml`, cm(`c${i}`, `data:\n  blob: "${'x'.repeat(400)}"\n`)]));
      const root = await repo(files);
      assert.equal((await make({ maxTotalBytes: 4000, maxObjects: 4 }).render({ root, path: '.' })).length, 4);
      assertRenderError(
        await renderError(make({ maxTotalBytes: 1200 }), root, '.'),
        'InputTooLarge',
        /^\.: manifests add up to more than the 1200-byte limit .*f3\.yaml/,
        'f3.yaml',
      );
      assertRenderError(
        await renderError(make({ maxObjects: 3 }), root, '.'),
        'InputTooLarge',
        /^\.: more than 3 objects \(limit reached in f4\.yaml\)$/,
        'f4.yaml',
      );
    });

    test('a YAML alias bomb is refused instead of expanding', async () => {
      const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let i = 1; i < 9; i++) {
        const prev = String.fromCharCode(96 + i);
        const cur = String.fromCharCode(97 + i);
        levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
      }
      const bomb = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  ${levels.join('\n  ')}\n`;
      const root = await repo({ 'bomb.yaml': bomb });
      const started = Date.now();
      const error = await renderError(renderer, root, '.');
      // Refused by the bound on what aliases may expand to (yaml-expansion.ts), before the alias count is reached.
      assertRenderError(
        error,
        'InputTooLarge',
        /^bomb\.yaml:\d+: YAML aliases expand this document beyond the \d+-byte limit/,
        'bomb.yaml',
      );
      assert.ok(Date.now() - started < 5000, 'refused quickly');
    });
  });
}

/** The files of a root as Source.readTree gives them (the whole root); undefined when it holds a symlink, as readTree leaves those to a checkout. */
async function treeOf(root: string): Promise<SourceTree | undefined> {
  const tree = { revision: { sha: '0'.repeat(40) }, path: '', files: new Map<string, Buffer>(), directories: new Set<string>(['']) };
  const walk = async (rel: string): Promise<boolean> => {
    for (const entry of await readdir(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) return false;
      if (entry.isDirectory()) {
        tree.directories.add(child);
        if (!(await walk(child))) return false;
      } else tree.files.set(child, await readFile(path.join(root, child)));
    }
    return true;
  };
  return (await walk('')) ? tree : undefined;
}

/** Renders as the engine does: from the tree when there is one (a plain directory must render from it), else from the checkout. */
function fromTree(renderer: Renderer): Renderer {
  return {
    async render({ root, ...input }) {
      const tree = await treeOf(root);
      if (!tree) return renderer.render({ root, ...input });
      const objects = await renderer.renderTree?.({ ...input, tree });
      assert.ok(objects, 'a plain directory renders from the tree');
      return objects;
    },
  };
}

directorySuite('createDirectoryRenderer', (options) => createDirectoryRenderer(options));
directorySuite('createRenderer on a plain directory', (options) => createRenderer(options));
directorySuite('createDirectoryRenderer from a tree (fixtures with symlinks from the checkout)', (options) =>
  fromTree(createDirectoryRenderer(options)),
);
directorySuite('createRenderer from a tree (fixtures with symlinks from the checkout)', (options) => fromTree(createRenderer(options)));
