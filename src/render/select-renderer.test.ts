import assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { RenderError } from '../core/errors.js';
import type { RenderedObject } from '../core/model/manifest.js';
import type { RenderInput, Renderer } from './renderer.js';
import { createRenderer } from './select-renderer.js';
import { KUSTOMIZATION_FILE_NAMES } from './kustomize/kustomization-file-names.js';

const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n';
const kustomization = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamePrefix: demo-\nresources:\n  - deploy.yaml\n';

let root: string;
before(async () => {
  root = await realpath(await mkdtemp(path.join(tmpdir(), 'tideway-select-')));
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    await mkdir(path.join(root, name.replace('.', '-')));
    await writeFile(path.join(root, name.replace('.', '-'), name), kustomization);
    await writeFile(path.join(root, name.replace('.', '-'), 'deploy.yaml'), deploy);
  }
  await mkdir(path.join(root, 'plain'));
  await writeFile(path.join(root, 'plain', 'deploy.yaml'), deploy);
});
after(() => rm(root, { recursive: true, force: true }));

/** Stands in for the Kustomize renderer: records what it was asked and returns fixed objects. */
function recordingRenderer(objects: RenderedObject[]): Renderer & { inputs: RenderInput[] } {
  const inputs: RenderInput[] = [];
  return { inputs, render: async (input) => (inputs.push(input), objects) };
}

test('a directory with kustomization.yaml, kustomization.yml or Kustomization goes to the Kustomize renderer', async () => {
  const produced = [{ object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-kustomize' } } }];
  const kustomize = recordingRenderer(produced);
  const renderer = createRenderer({ kustomize });
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const input = { root, path: name.replace('.', '-') };
    assert.equal(await renderer.render(input), produced, name);
  }
  assert.deepEqual(
    kustomize.inputs.map((i) => i.path),
    KUSTOMIZATION_FILE_NAMES.map((n) => n.replace('.', '-')),
  );
  const plain = await renderer.render({ root, path: 'plain' });
  assert.deepEqual(
    plain.map((o) => o.object.metadata.name),
    ['web'],
  );
  assert.equal(kustomize.inputs.length, KUSTOMIZATION_FILE_NAMES.length, 'a plain directory does not reach the Kustomize renderer');
});

test('duplicate objects from the Kustomize renderer are refused too', async () => {
  const object = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } };
  const kustomize = recordingRenderer([
    { object, origin: { file: 'k/a.yaml', line: 1 } },
    { object, origin: { file: 'k/b.yaml', line: 4 } },
  ]);
  await assert.rejects(createRenderer({ kustomize }).render({ root, path: 'kustomization-yaml' }), (error: unknown) => {
    assert.ok(error instanceof RenderError);
    assert.equal(error.code, 'DuplicateObject');
    assert.equal(error.message, 'k/a.yaml:1 and k/b.yaml:4 both define Deployment/shop/web');
    return true;
  });
});

test('an unsafe path is refused before any renderer is chosen', async () => {
  const kustomize = recordingRenderer([]);
  await assert.rejects(
    createRenderer({ kustomize }).render({ root, path: 'plain/../kustomization-yaml' }),
    (error: unknown) => error instanceof RenderError && error.code === 'UnsafePath',
  );
  assert.equal(kustomize.inputs.length, 0);
});

// Needs src/render/kustomize/index.ts (written separately): fails with "could not be loaded" until it exists.
test('by default a kustomization directory is rendered by the Kustomize renderer (namePrefix applied)', async () => {
  const objects = await createRenderer().render({ root, path: 'kustomization-yaml' });
  assert.deepEqual(
    objects.map((o) => `${o.object.kind}/${o.object.metadata.name}`),
    ['Deployment/demo-web'],
  );
});

test('from a tree, a plain directory is rendered and a kustomization (or a path the tree does not hold) is left to a checkout', async () => {
  const kustomize = recordingRenderer([]);
  const renderer = createRenderer({ kustomize });
  const bytes = (text: string) => Buffer.from(text);
  const files = new Map([
    ['plain/deploy.yaml', bytes(deploy)],
    ['kust/deploy.yaml', bytes(deploy)],
    ['named/kustomization.yml/x.txt', bytes('')],
  ]);
  for (const name of KUSTOMIZATION_FILE_NAMES) files.set(`kust/${name}`, bytes(kustomization));
  const tree = {
    revision: { sha: '0'.repeat(40) },
    path: '',
    files,
    directories: new Set(['', 'plain', 'kust', 'named', 'named/kustomization.yml']),
  };
  const plain = await renderer.renderTree({ tree, path: 'plain' });
  assert.deepEqual(
    plain?.map((o) => `${o.object.kind}/${o.object.metadata.name} ${o.origin?.file}`),
    ['Deployment/web plain/deploy.yaml'],
  );
  assert.equal(await renderer.renderTree({ tree, path: 'kust' }), undefined);
  assert.equal(
    await renderer.renderTree({ tree, path: 'named' }),
    undefined,
    'a directory named like a kustomization file counts, as readdir sees it',
  );
  assert.equal(await renderer.renderTree({ tree: { ...tree, path: 'plain' }, path: 'kust' }), undefined, 'outside the tree');
  await assert.rejects(
    renderer.renderTree({ tree, path: 'plain/../kust' }),
    (error: unknown) => error instanceof RenderError && error.code === 'UnsafePath',
  );
  assert.equal(kustomize.inputs.length, 0);
});
