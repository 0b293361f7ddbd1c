import assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createRenderer } from '../select-renderer.js';
import type { HelmRenderInput } from './helm-renderer.js';

/** A chart directory in a checkout renders through the Helm renderer, with the app's helm options. */
describe('a chart directory in a repository', () => {
  let root: string;
  const write = async (rel: string, text: string) => {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
  };
  before(async () => {
    root = await realpath(await mkdtemp(path.join(os.tmpdir(), 'tideway-helm-repo-')));
    await write('charts/web/Chart.yaml', 'apiVersion: v2\nname: web\nversion: 0.1.0\nappVersion: "1.0"\n');
    await write('charts/web/values.yaml', 'replicas: 1\ncolor: blue\n');
    await write(
      'charts/web/templates/cm.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-config\n  namespace: {{ .Release.Namespace }}\ndata:\n  color: {{ .Values.color | quote }}\n  replicas: {{ .Values.replicas | quote }}\n  version: {{ .Chart.AppVersion | quote }}\n',
    );
    await write('charts/web/templates/NOTES.txt', 'thanks');
    await write(
      'charts/web/crds/crd.yaml',
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n',
    );
    await write('charts/web/prod.yaml', 'color: green\n');
    await write('envs/shared.yaml', 'replicas: 5\n');
  });
  after(() => rm(root, { recursive: true, force: true }));

  const render = (input: Partial<HelmRenderInput>) => createRenderer().render({ root, path: 'charts/web', ...input } as HelmRenderInput);

  test('renders with the app name as release, the destination namespace, and CRDs first', async () => {
    const objects = await render({ appName: 'shop', destinationNamespace: 'prod' });
    assert.deepEqual(
      objects.map((o) => `${o.object.kind}/${o.object.metadata.name}`),
      ['CustomResourceDefinition/widgets.example.com', 'ConfigMap/shop-config'],
    );
    const cm = objects[1].object as unknown as { metadata: { namespace: string }; data: Record<string, string> };
    assert.equal(cm.metadata.namespace, 'prod');
    assert.deepEqual(cm.data, { color: 'blue', replicas: '1', version: '1.0' });
    assert.equal(objects[1].origin?.file, 'web/templates/cm.yaml');
  });

  test('applies value files, values, valuesObject and parameters in Argo CD order', async () => {
    const objects = await render({
      appName: 'shop',
      helm: {
        releaseName: 'rel',
        valueFiles: ['prod.yaml', '../../envs/shared.yaml'],
        ignoreMissingValueFiles: false,
        values: 'replicas: 3\n',
        valuesObject: { replicas: 4 },
        parameters: [{ name: 'color', value: 'red,ish', forceString: true }],
        fileParameters: [],
        skipCrds: true,
        skipTests: false,
        apiVersions: [],
        lookup: false,
      },
    });
    assert.equal(objects.length, 1);
    const cm = objects[0].object as unknown as { metadata: { name: string }; data: Record<string, string> };
    assert.equal(cm.metadata.name, 'rel-config');
    assert.deepEqual(cm.data, { color: 'red,ish', replicas: '4', version: '1.0' });
  });

  test('a value file outside the repository is refused', async () => {
    const helm = {
      valueFiles: ['../../../etc/passwd'],
      ignoreMissingValueFiles: false,
      parameters: [],
      fileParameters: [],
      skipCrds: false,
      skipTests: false,
      apiVersions: [],
      lookup: false,
    };
    await assert.rejects(render({ helm }), /leaves the repository root/);
  });

  test('a missing value file is an error unless ignoreMissingValueFiles', async () => {
    const helm = {
      valueFiles: ['nope.yaml'],
      ignoreMissingValueFiles: false,
      parameters: [],
      fileParameters: [],
      skipCrds: false,
      skipTests: false,
      apiVersions: [],
      lookup: false,
    };
    await assert.rejects(render({ helm }), /nope\.yaml/);
    const objects = await render({ helm: { ...helm, ignoreMissingValueFiles: true } });
    assert.equal(objects.length, 2);
  });

  test('a symlink in the chart that leaves the repository is refused', async () => {
    await write('charts/evil/Chart.yaml', 'apiVersion: v2\nname: evil\nversion: 0.1.0\n');
    await mkdir(path.join(root, 'charts/evil/files'), { recursive: true });
    await symlink('/etc/passwd', path.join(root, 'charts/evil/files/passwd'));
    await assert.rejects(createRenderer().render({ root, path: 'charts/evil' }), /outside the repository root/);
  });
});
