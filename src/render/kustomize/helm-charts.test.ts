import assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createKustomizeRenderer } from './index.js';

describe('helmCharts in a kustomization (rendered natively)', () => {
  let root: string;
  const write = async (rel: string, text: string) => {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
  };
  before(async () => {
    root = await realpath(await mkdtemp(path.join(os.tmpdir(), 'tideway-kust-helm-')));
    await write('app/charts/web/Chart.yaml', 'apiVersion: v2\nname: web\nversion: 0.1.0\n');
    await write('app/charts/web/values.yaml', 'color: blue\nsize: 1\n');
    await write(
      'app/charts/web/templates/cm.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  color: {{ .Values.color | quote }}\n  size: {{ .Values.size | quote }}\n',
    );
    await write(
      'app/kustomization.yaml',
      'namePrefix: p-\nhelmCharts:\n  - name: web\n    releaseName: rel\n    namespace: shop\n    valuesInline:\n      color: green\n',
    );
    await write(
      'app/merge/kustomization.yaml',
      'helmGlobals:\n  chartHome: ../charts\nhelmCharts:\n  - name: web\n    valuesMerge: replace\n    valuesInline:\n      size: 3\n',
    );
  });
  after(() => rm(root, { recursive: true, force: true }));

  test('renders the chart with valuesInline over its values, then applies the kustomization', async () => {
    const objects = await createKustomizeRenderer().render({ root, path: 'app' });
    assert.deepEqual(
      objects.map((o) => [o.object.metadata.name, (o.object as unknown as { data: unknown }).data]),
      [['p-rel-cm', { color: 'green', size: '1' }]],
    );
  });

  test('valuesMerge replace uses only the inline values; chartHome is relative to the kustomization', async () => {
    const objects = await createKustomizeRenderer().render({ root, path: 'app/merge' });
    // The chart's own defaults still apply (Helm coalesces them); replace only drops the values file.
    assert.deepEqual((objects[0].object as unknown as { data: unknown }).data, { color: 'blue', size: '3' });
    assert.equal(objects[0].object.metadata.name, 'release-name-cm');
  });
});
