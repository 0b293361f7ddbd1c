import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { RenderError } from '../../core/errors.js';
import { createKustomizeRenderer, findKustomizationFile, toYaml } from './index.js';

let tmp: string;
let repo: string;
let outside: string;

async function write(rel: string, text: string, base = repo): Promise<void> {
  await mkdir(path.dirname(path.join(base, rel)), { recursive: true });
  await writeFile(path.join(base, rel), text);
}

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
const kust = (body: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${body}`;

function rejectsWith(p: Promise<unknown>, pattern: RegExp, code?: string): Promise<void> {
  return assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof RenderError, `expected RenderError, got ${String(e)}`);
    assert.match(e.message, pattern);
    if (code) assert.equal(e.code, code);
    return true;
  });
}

describe('kustomize renderer', () => {
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'tideway-kustomize-'));
    repo = path.join(tmp, 'repo');
    outside = path.join(tmp, 'outside');
    await write('secret.yaml', cm('stolen'), outside);
    await write('base/cm.yaml', cm('base-cm'));
    await write('base/kustomization.yaml', kust('resources:\n- cm.yaml\n'));
    await write('app/kustomization.yaml', kust('resources:\n- ../base\nnamePrefix: app-\n'));
    await write('escape-dotdot/kustomization.yaml', kust('resources:\n- ../../outside/secret.yaml\n'));
    await write('escape-link/kustomization.yaml', kust('resources:\n- link.yaml\n'));
    await symlink(path.join(outside, 'secret.yaml'), path.join(repo, 'escape-link/link.yaml'));
    await write('sibling-file/kustomization.yaml', kust('resources:\n- ../base/cm.yaml\n'));
    await write('remote/kustomization.yaml', kust('resources:\n- https://github.com/example/config//base?ref=v1\n'));
    await write('fetched/kustomization.yaml', kust('resources:\n- cm.yaml\n'), tmp);
    await write('fetched/cm.yaml', cm('remote-cm'), tmp);
    await write('two/kustomization.yaml', kust('resources: []\nnamePrefix: a-\n'));
    await write('two/kustomization.yml', kust('namePrefix: b-\n'));
    await write('huge/kustomization.yaml', kust('resources:\n- big.yaml\n'));
    await write('huge/big.yaml', '');
    await truncate(path.join(repo, 'huge/big.yaml'), 9 * 1024 * 1024);
    await write('broken/kustomization.yaml', kust('resources:\n- cm.yaml\n- missing.yaml\n'));
    await write('broken/cm.yaml', cm('ok'));
  });

  after(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  test('builds an overlay of a base', async () => {
    const objects = await createKustomizeRenderer().render({ root: repo, path: 'app' });
    assert.deepEqual(
      objects.map((o) => o.object.metadata.name),
      ['app-base-cm'],
    );
    assert.equal(objects[0].origin?.file, 'base/cm.yaml');
    assert.equal(toYaml(objects), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-base-cm\n');
  });

  test('never reads outside the repository root: .. paths', async () => {
    await rejectsWith(createKustomizeRenderer().render({ root: repo, path: 'escape-dotdot' }), /leaves the repository root/);
  });

  test('never reads outside the repository root: symlinks', async () => {
    await rejectsWith(createKustomizeRenderer().render({ root: repo, path: 'escape-link' }), /symlink points outside the repository root/);
  });

  test('refuses files outside the kustomization directory, as kustomize does', async () => {
    await rejectsWith(
      createKustomizeRenderer().render({ root: repo, path: 'sibling-file' }),
      /not in or below the kustomization directory/,
      'UnsafePath',
    );
  });

  test('refuses remote bases unless they are allowed', async () => {
    await rejectsWith(createKustomizeRenderer().render({ root: repo, path: 'remote' }), /remote base .* refused/);
    await rejectsWith(
      createKustomizeRenderer().render({ root: repo, path: 'remote', allowRemoteBases: true }),
      /no remote source is configured/,
    );
  });

  test('fetches allowed remote bases through the injected source', async () => {
    const asked: string[] = [];
    const renderer = createKustomizeRenderer({
      fetchRemote: async (url) => {
        asked.push(url);
        return path.join(tmp, 'fetched');
      },
    });
    const objects = await renderer.render({ root: repo, path: 'remote', allowRemoteBases: true });
    assert.deepEqual(asked, ['https://github.com/example/config//base?ref=v1']);
    assert.deepEqual(
      objects.map((o) => o.object.metadata.name),
      ['remote-cm'],
    );
  });

  test('refuses over-size files', async () => {
    await rejectsWith(createKustomizeRenderer().render({ root: repo, path: 'huge' }), /over the \d+-byte limit/, 'InputTooLarge');
  });

  test('fails as a whole when one resource is missing (no partial output)', async () => {
    await rejectsWith(createKustomizeRenderer().render({ root: repo, path: 'broken' }), /missing\.yaml/);
  });

  test('finds the kustomization file, and refuses a directory with two', async () => {
    assert.equal(await findKustomizationFile(path.join(repo, 'app')), path.join(repo, 'app', 'kustomization.yaml'));
    assert.equal(await findKustomizationFile(outside), undefined);
    await assert.rejects(findKustomizationFile(path.join(repo, 'two')), /multiple kustomization files/);
    await rejectsWith(createKustomizeRenderer().render({ root: repo, path: 'two' }), /multiple kustomization files/);
  });

  test('a HelmChartInflationGenerator configuration is refused for now, and plugin configurations stay inside the repository', async () => {
    await write(
      'helm-plugin/kustomization.yaml',
      kust(
        'generators:\n- |-\n  apiVersion: builtin\n  kind: HelmChartInflationGenerator\n  metadata:\n    name: chart\n  name: redis\n  repo: https://charts.example.com\n',
      ),
    );
    await rejectsWith(
      createKustomizeRenderer().render({ root: repo, path: 'helm-plugin' }),
      /^helm-plugin\/kustomization\.yaml: HelmChartInflationGenerator .* is not supported yet/,
    );
    await write('plugin-escape/kustomization.yaml', kust('transformers:\n- ../../outside/secret.yaml\n'));
    await rejectsWith(createKustomizeRenderer().render({ root: repo, path: 'plugin-escape' }), /outside|not in or below|security/);
  });

  test('a validators entry is refused with a clear error', async () => {
    await write('validators/kustomization.yaml', kust('resources:\n- cm.yaml\nvalidators:\n- validator.yaml\n'));
    await write('validators/cm.yaml', cm('v'));
    await rejectsWith(createKustomizeRenderer().render({ root: repo, path: 'validators' }), /'validators' are not supported/);
  });
});
