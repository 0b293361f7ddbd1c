import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderApplication } from './render-app.js';
import { createGitSource } from '../source/git/index.js';
import { createRenderer } from '../render/select-renderer.js';
import { createRenderCache } from '../render/render-cache.js';
import { createFileParseCache } from '../render/parse-cache.js';
import type { DirectoryRendererOptions } from '../render/directory/index.js';
import type { DirectoryOptions } from '../core/application/directory-options.js';
import type { Source } from '../source/source.js';
import { resolveApplication } from '../core/application/resolve-application.js';
import { TidewayError } from '../core/errors.js';
import { createTestRepo } from '../../test/support/git-repo.js';

const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'tideway-render-app-'));
after(() => rmSync(cacheDir, { recursive: true, force: true }));

const file = (name: string, source: string) =>
  `apiVersion: host.tideway.dev/v1alpha1\nkind: File\nmetadata: { name: ${name} }\nspec: { path: ${name}.conf, source: ${source} }\n`;
const app = (repo: string, appPath = 'host', directory?: DirectoryOptions) =>
  resolveApplication({
    apiVersion: 'tideway.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'files' },
    spec: { source: { repoURL: repo, path: appPath, directory }, destination: { target: 'host' } },
  });
const cm = (name: string, extra = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}`;
/** The same source without readTree: renders go through a checkout, as before. */
const checkoutOnly = (source: Source): Source => ({
  resolve: (spec, options) => source.resolve(spec, options),
  checkout: (spec, sha) => source.checkout(spec, sha),
});
/** Whether a checkout of `sha` was written (sources with keepCheckouts keep it after release). */
const checkedOut = (dir: string, sha: string) => existsSync(path.join(dir, 'checkouts', sha));

test('a host File takes its content from a repository file, relative to the app path', async () => {
  const repo = createTestRepo({
    'host/greeter.yaml': file('greeting', 'config/greeting.txt'),
    'host/config/greeting.txt': 'hello from git\n',
  });
  try {
    const { objects } = await renderApplication({ source: createGitSource({ cacheDir }), renderer: createRenderer() }, app(repo.dir));
    assert.deepEqual(objects[0].spec, { path: 'greeting.conf', content: 'hello from git\n' });
  } finally {
    repo.remove();
  }
});

test('a File source outside the repository is refused, naming the object and field', async () => {
  const repo = createTestRepo({ 'host/greeter.yaml': file('passwd', '../../../../etc/passwd') });
  try {
    await assert.rejects(
      renderApplication({ source: createGitSource({ cacheDir }), renderer: createRenderer() }, app(repo.dir)),
      /File\/passwd: spec.source: .*leaves the repository root/,
    );
  } finally {
    repo.remove();
  }
});

describe("rendering from the commit's files in memory", () => {
  const kept = mkdtempSync(path.join(os.tmpdir(), 'tideway-render-app-kept-'));
  const source = createGitSource({ cacheDir: kept, keepCheckouts: 10 });
  after(async () => {
    await source.close();
    rmSync(kept, { recursive: true, force: true });
  });

  test('a plain directory app renders without writing a checkout; without readTree the same objects come from one', async () => {
    const repo = createTestRepo({
      'apps/web/a.yaml': `${cm('one')}---\n${cm('two')}`,
      'apps/web/sub/b.yaml': cm('three'),
      'apps/other.yaml': cm('elsewhere'),
    });
    try {
      const sha = repo.head();
      const fromTree = await renderApplication({ source, renderer: createRenderer() }, app(repo.dir, 'apps/web', { recurse: true }));
      assert.deepEqual(
        fromTree.objects.map((o) => o.metadata.name),
        ['one', 'two', 'three'],
      );
      assert.equal(fromTree.revision.sha, sha);
      assert.ok(!checkedOut(kept, sha), 'no checkouts/<sha> was written');
      const fromCheckout = await renderApplication(
        { source: checkoutOnly(source), renderer: createRenderer() },
        app(repo.dir, 'apps/web', { recurse: true }),
      );
      assert.deepEqual(fromCheckout.objects, fromTree.objects);
      assert.ok(checkedOut(kept, sha), 'control: a checkout is kept');
    } finally {
      repo.remove();
    }
  });

  test('a kustomize app, an app with a symlink and an app whose File reads a repository file are rendered from a checkout', async () => {
    const repo = createTestRepo({
      'kust/kustomization.yaml':
        'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamePrefix: demo-\nresources:\n  - cm.yaml\n',
      'kust/cm.yaml': cm('web'),
      'linked/own.yaml': cm('own'),
      'shared/base.yaml': cm('base'),
      'host/greeter.yaml': file('greeting', 'greeting.txt'),
      'host/greeting.txt': 'hello\n',
    });
    const sha = repo.symlink('../shared/base.yaml', 'linked/base.yaml');
    let checkouts = 0;
    const counting: Source = {
      ...checkoutOnly(source),
      readTree: (spec, at) => source.readTree(spec, at),
      checkout: (spec, at) => (checkouts++, source.checkout(spec, at)),
    };
    try {
      const render = async (appPath: string) =>
        (await renderApplication({ source: counting, renderer: createRenderer() }, app(repo.dir, appPath))).objects;
      assert.deepEqual(
        (await render('kust')).map((o) => o.metadata.name),
        ['demo-web'],
      );
      assert.equal(checkouts, 1);
      assert.ok(checkedOut(kept, sha));
      assert.deepEqual(
        (await render('linked')).map((o) => o.metadata.name),
        ['base', 'own'],
      );
      assert.equal(checkouts, 2);
      assert.deepEqual((await render('host'))[0].spec, { path: 'greeting.conf', content: 'hello\n' });
      assert.equal(checkouts, 3);
      assert.deepEqual(
        (await render('shared')).map((o) => o.metadata.name),
        ['base'],
      );
      assert.equal(checkouts, 3, 'a plain directory of the same commit needs none');
    } finally {
      repo.remove();
    }
  });

  test('the same fixtures give the same objects (with origins) and the same errors from the tree as from a checkout', async (t) => {
    const big = (i: number) => cm(`big${i}`, `data:\n  blob: "${'x'.repeat(400)}"\n`);
    const repo = createTestRepo({
      'plain/a.yaml': `${cm('a1')}---\n# comment\n---\n${cm('a2')}`,
      'plain/b.json': JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'b' } }],
      }),
      'plain/sub/c.yaml': cm('c'),
      'plain/sub/deeper/d.yml': cm('d'),
      'plain/test/fixture.yaml': cm('fixture'),
      'plain/.hidden.yaml': 'not: [valid',
      'plain/.github/ci.yaml': 'on: [',
      'plain/README.md': '# x: [',
      'plain/notes.txt': 'x: [',
      'plain/Makefile': 'all:\n',
      'invalid/good.yaml': cm('good'),
      'invalid/bad.yaml': `${cm('bad')}data:\n  a: 1\n  a: 2\n`,
      'dupes/a.yaml': `${cm('x')}---\n${cm('web')}`,
      'dupes/b.yaml': cm('web'),
      'big/f1.yaml': big(1),
      'big/f2.yaml': big(2),
      'big/f3.yaml': big(3),
      'big/f4.yaml': big(4),
      'docs/README.md': 'nothing to render',
      'jsonnet/main.jsonnet': '{}',
      'jsonnet/web.yaml': cm('jsonnet-web'),
      'nested/sub/a.yaml': cm('nested-a'),
      'nested/.hidden/b.yaml': cm('hidden-b'),
    });
    // Bytes that are not UTF-8: each becomes U+FFFD (3 bytes) when read, in both paths.
    const latin1 = Buffer.concat([Buffer.from(cm('latin1', 'data:\n  v: "')), Buffer.from([0xe9, 0xe8]), Buffer.from('"\n')]);
    mkdirSync(path.join(repo.dir, 'latin1'));
    writeFileSync(path.join(repo.dir, 'latin1/x.yaml'), latin1);
    const sha = repo.commit({}, 'latin1');
    t.after(() => repo.remove());
    const cases: { path: string; directory?: DirectoryOptions; limits?: DirectoryRendererOptions; allowEmpty?: boolean; error?: RegExp }[] =
      [
        { path: 'plain' },
        { path: 'plain/', directory: { recurse: true } },
        { path: 'plain', directory: { recurse: true, include: '*.yaml' } },
        { path: 'plain', directory: { recurse: true, exclude: '{sub,test/**}' } },
        { path: 'plain', directory: { recurse: true, include: 'sub/*.yaml' } },
        { path: 'docs', error: /^docs: no objects rendered: every file was skipped \(README\.md: not \.yaml, \.yml or \.json\)/ },
        { path: 'docs', allowEmpty: true },
        { path: 'nested', error: /^nested: no objects rendered: every file was skipped \(sub\/: a directory, and recurse is off\)/ },
        { path: 'nested', directory: { recurse: true, exclude: 'sub' }, error: /\(sub\/: left out by include\/exclude\)/ },
        { path: 'nested', directory: { recurse: true } },
        { path: 'jsonnet', error: /^jsonnet is not supported: jsonnet\/main\.jsonnet;/ },
        { path: 'jsonnet', directory: { exclude: '*.jsonnet' } },
        { path: '.', directory: { recurse: true }, error: /^jsonnet is not supported: jsonnet\/main\.jsonnet;/ },
        { path: 'latin1' },
        { path: 'invalid', error: /^invalid\/bad\.yaml:7: invalid YAML/ },
        { path: 'dupes', error: /^dupes\/a\.yaml:6 and dupes\/b\.yaml:1 both define ConfigMap\/web$/ },
        { path: '.', directory: { recurse: true, exclude: 'jsonnet' }, error: /^invalid\/bad\.yaml:7: invalid YAML/ },
        {
          path: '.',
          directory: { recurse: true, exclude: '{invalid,big,jsonnet}' },
          error: /^dupes\/a\.yaml:6 and dupes\/b\.yaml:1 both define/,
        },
        { path: 'big', limits: { maxFileBytes: 400 }, error: /^big\/f1\.yaml: file is 4\d\d bytes, over the 400-byte limit$/ },
        {
          path: 'big',
          limits: { maxTotalBytes: 1200 },
          error: /^big: manifests add up to more than the 1200-byte limit .* reaching big\/f3\.yaml\)$/,
        },
        { path: 'big', limits: { maxObjects: 3 }, error: /^big: more than 3 objects \(limit reached in big\/f4\.yaml\)$/ },
        { path: 'latin1', limits: { maxTotalBytes: latin1.length }, error: /^latin1: manifests add up to more than the \d+-byte limit/ },
        { path: 'nope', error: /^path "nope" does not exist in the repository$/ },
        { path: 'plain/a.yaml', error: /^path "plain\/a\.yaml" is not a directory$/ },
        { path: 'plain/a.yaml/x', error: /^path "plain\/a\.yaml\/x" does not exist in the repository$/ },
      ];
    const outcome = async (render: () => Promise<unknown>) => {
      try {
        return { objects: await render() };
      } catch (error) {
        assert.ok(error instanceof TidewayError, String(error));
        return {
          error: {
            name: error.name,
            code: error.code,
            message: error.message,
            file: (error as { file?: string }).file,
            line: (error as { line?: number }).line,
          },
        };
      }
    };
    for (const c of cases) {
      const spec = { repoURL: repo.dir, path: c.path };
      const renderer = createRenderer(c.limits);
      const input = { path: c.path, directory: c.directory, allowEmpty: c.allowEmpty };
      let rendered = false;
      const viaTree = await outcome(async () => {
        const tree = await source.readTree(spec, sha);
        assert.ok(tree, `${c.path}: a tree`);
        const objects = await renderer.renderTree({ ...input, tree });
        rendered = objects !== undefined;
        return objects;
      });
      const viaCheckout = await outcome(async () => {
        const checkout = await source.checkout(spec, sha);
        try {
          return await renderer.render({ ...input, root: checkout.dir });
        } finally {
          await checkout.release();
        }
      });
      assert.deepEqual(viaTree, viaCheckout, JSON.stringify(c));
      if (c.error) assert.match(viaTree.error?.message ?? 'no error', c.error, JSON.stringify(c));
      else assert.ok(rendered, `${JSON.stringify(c)}: rendered from the tree`);
    }
  });
});

test('a render writes its caches only when the caller saves them, once, and the next render of that commit reads them', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-render-app-caches-'));
  const source = createGitSource({ cacheDir: path.join(dir, 'git') });
  const repo = createTestRepo({ 'apps/a.yaml': cm('one'), 'apps/b.yaml': cm('two') });
  const parsedFile = path.join(dir, 'parsed.json');
  const deps = () => ({
    source,
    renderer: createRenderer(),
    renderCache: createRenderCache(path.join(dir, 'renders')),
    parseCache: createFileParseCache(parsedFile),
  });
  try {
    const first = await renderApplication(deps(), app(repo.dir, 'apps'));
    assert.ok(!existsSync(parsedFile) && !existsSync(path.join(dir, 'renders')), 'nothing written before saveCaches');
    const saving = first.saveCaches();
    assert.equal(first.saveCaches(), saving, 'saving twice is the same save');
    await saving;
    assert.ok(existsSync(parsedFile));
    let rendered = 0;
    const counting = {
      ...createRenderer(),
      renderTree: async () => {
        rendered++;
        return undefined;
      },
      render: async () => {
        rendered++;
        return [];
      },
    };
    const again = await renderApplication({ ...deps(), renderer: counting }, app(repo.dir, 'apps'));
    assert.equal(rendered, 0, 'the commit came from the render cache');
    assert.deepEqual(again.objects, first.objects);
    await again.saveCaches();
  } finally {
    repo.remove();
    await source.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a kustomization's deprecation warnings are carried in the render result, from the render cache too", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-render-app-warnings-'));
  const source = createGitSource({ cacheDir: path.join(dir, 'git') });
  const repo = createTestRepo({
    'apps/kustomization.yaml': 'commonLabels:\n  team: blue\nresources:\n- a.yaml\n',
    'apps/a.yaml': cm('one'),
  });
  const deps = () => ({ source, renderer: createRenderer(), renderCache: createRenderCache(path.join(dir, 'renders')) });
  const want = [
    {
      file: 'apps/kustomization.yaml',
      message:
        "# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically.",
    },
  ];
  try {
    const first = await renderApplication(deps(), app(repo.dir, 'apps'));
    assert.deepEqual(first.warnings, want);
    assert.equal(first.objects[0].metadata.labels?.team, 'blue');
    await first.saveCaches();
    const again = await renderApplication({ ...deps(), renderer: { render: () => assert.fail('rendered again') } }, app(repo.dir, 'apps'));
    assert.deepEqual(again.warnings, want, 'from the render cache');
    const plain = createTestRepo({ 'apps/a.yaml': cm('one') });
    try {
      assert.deepEqual((await renderApplication(deps(), app(plain.dir, 'apps'))).warnings, []);
    } finally {
      plain.remove();
    }
  } finally {
    repo.remove();
    await source.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an app whose files were all skipped fails with EmptyRender unless its syncPolicy allows an empty render; a jsonnet file always fails', async () => {
  const source = createGitSource({ cacheDir });
  const repo = createTestRepo({ 'docs/README.md': '# nothing to deploy', 'jsonnet/main.jsonnet': '{}', 'jsonnet/web.yaml': cm('web') });
  const withPolicy = (appPath: string, allowEmpty: boolean) =>
    resolveApplication({
      apiVersion: 'tideway.dev/v1alpha1',
      kind: 'Application',
      metadata: { name: 'skipped' },
      spec: {
        source: { repoURL: repo.dir, path: appPath },
        destination: { target: 'host' },
        syncPolicy: { automated: { prune: true, allowEmpty } },
      },
    });
  try {
    await assert.rejects(renderApplication({ source, renderer: createRenderer() }, withPolicy('docs', false)), (error: TidewayError) => {
      assert.equal(error.code, 'EmptyRender');
      assert.match(error.message, /^docs: no objects rendered: every file was skipped \(README\.md: not \.yaml, \.yml or \.json\)/);
      return true;
    });
    assert.deepEqual((await renderApplication({ source, renderer: createRenderer() }, withPolicy('docs', true))).objects, []);
    for (const allowEmpty of [false, true]) {
      await assert.rejects(
        renderApplication({ source, renderer: createRenderer() }, withPolicy('jsonnet', allowEmpty)),
        /^RenderError: jsonnet is not supported: jsonnet\/main\.jsonnet/,
      );
    }
  } finally {
    repo.remove();
    await source.close();
  }
});

test('a resolve the caller has under way is used as the revision, and the caller hears at once that the source is busy', async () => {
  const source = createGitSource({ cacheDir });
  const repo = createTestRepo({ 'apps/a.yaml': cm('one') });
  try {
    const events: string[] = [];
    const resolving = source.resolve({ repoURL: repo.dir, path: 'apps' }).then((r) => {
      events.push('resolved');
      return r;
    });
    const rendered = await renderApplication({ source, renderer: createRenderer() }, app(repo.dir, 'apps'), resolving, () =>
      events.push('waiting'),
    );
    assert.deepEqual(events, ['waiting', 'resolved']);
    assert.equal(rendered.revision.sha, repo.head());
    assert.deepEqual(
      rendered.objects.map((o) => o.metadata.name),
      ['one'],
    );
    const failing = Promise.reject(new TidewayError('SourceUnavailable', 'git fetch failed'));
    await assert.rejects(renderApplication({ source, renderer: createRenderer() }, app(repo.dir, 'apps'), failing), /git fetch failed/);
  } finally {
    repo.remove();
    await source.close();
  }
});
