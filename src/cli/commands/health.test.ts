import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { CommandIO } from '../command-io.js';
import { health } from './health.js';

const core = new URL('../../core/health/testdata/', import.meta.url).pathname;
const custom = new URL('../../core/health/custom/testdata/', import.meta.url).pathname;
const lua = new URL('../../health-checks/lua/testdata/', import.meta.url).pathname;

async function run(argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io: CommandIO = { out: (t) => void (out += t), err: (t) => void (out += t), now: () => new Date(0) };
  const code = await health(argv, io);
  return { code, out };
}

describe('tideway health', () => {
  test('prints each object of each file with its health and message', async () => {
    const { code, out } = await run(['-f', `${core}hpa-v2-healthy.yaml`, '-f', `${custom}certificate-issuing.yaml`]);
    assert.equal(code, 0);
    assert.match(out, /^KIND +NAME +HEALTH +MESSAGE\n/);
    assert.match(out, /HorizontalPodAutoscaler +shop\/web +Healthy +recommended size matches current size\n/);
    assert.match(out, /Certificate +shop\/issuing +Progressing +Issuing certificate as Secret does not exist\n/);
  });

  test('reads every document, and the items of a List as kubectl get -o yaml prints it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tideway-health-'));
    const file = path.join(dir, 'saved.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: List',
        'items:',
        '  - {apiVersion: example.com/v1, kind: Widget, metadata: {name: a, namespace: shop}}',
        '  - {apiVersion: v1, kind: ConfigMap, metadata: {name: b, namespace: shop}, data: {k: v}}',
        '---',
        '{"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "c"}, "status": {"conditions": [{"type": "Complete", "status": "True"}]}}',
        '---',
        '- not an object',
      ].join('\n'),
    );
    const { code, out } = await run(['-f', file, '-o', 'json']);
    assert.equal(code, 0);
    const judged = JSON.parse(out) as { kind: string; name: string; status: string; message?: string }[];
    assert.deepEqual(
      judged.map((j) => [j.kind, j.name, j.status]),
      [
        ['Widget', 'a', 'Progressing'],
        ['ConfigMap', 'b', 'Healthy'],
        ['Job', 'c', 'Healthy'],
        ['', `(unnamed, ${file}:9)`, 'Unknown'],
      ],
    );
  });

  test('uses Lua checks from a directory and an argocd-cm file before the built-in ones', async () => {
    const { out } = await run([
      '-f',
      `${core}widget-no-status.yaml`,
      '--checks',
      `${lua}checks`,
      '--checks',
      `${lua}argocd-cm.yaml`,
      '-o',
      'json',
    ]);
    assert.deepEqual(JSON.parse(out), [
      {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        namespace: 'shop',
        name: 'fresh',
        status: 'Progressing',
        message: 'Waiting for the painter',
      },
    ]);
  });

  test('uses CEL checks in Flux shape from a file given to --checks, with the Lua ones', async () => {
    const cel = new URL('../../health-checks/cel/testdata/', import.meta.url).pathname;
    const { code, out } = await run([
      '-f',
      `${cel}objects.yaml`,
      '--checks',
      `${cel}health-checks.yaml`,
      '--checks',
      `${lua}checks`,
      '-o',
      'json',
    ]);
    assert.equal(code, 0);
    const judged = JSON.parse(out) as { kind: string; name: string; status: string }[];
    assert.deepEqual(
      judged.slice(0, 3).map((j) => [j.kind, j.name, j.status]),
      [
        ['Widget', 'ready', 'Healthy'],
        ['Widget', 'painting', 'Progressing'],
        ['Widget', 'failed', 'Degraded'],
      ],
    );
  });

  test('a missing file, a YAML error or a script that does not compile is one clear error naming the file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tideway-health-'));
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: v1\nkind: ConfigMap\nmetadata: [a\n');
    const cm = path.join(dir, 'argocd-cm.yaml');
    writeFileSync(
      cm,
      'apiVersion: v1\nkind: ConfigMap\ndata:\n  resource.customizations.health.example.com_Widget: |\n    return {status = \n',
    );
    await assert.rejects(run(['-f', path.join(dir, 'none.yaml')]), { message: `${path.join(dir, 'none.yaml')}: no such file` });
    await assert.rejects(run(['-f', bad]), new RegExp(`^TidewayError: ${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+: `));
    await assert.rejects(run(['-f', `${core}widget-no-status.yaml`, '--checks', cm]), {
      code: 'InvalidManifest',
      message: `${cm}: data."resource.customizations.health.example.com_Widget": Lua: line 2: unexpected symbol near <eof>`,
    });
  });

  test('without -f it is a usage error (exit 2, [Usage]); --help prints the usage', async () => {
    await assert.rejects(run([]), { code: 'Usage', message: '-f FILE is required: the saved objects to judge' });
    const { code, out } = await run(['--help']);
    assert.equal(code, 0);
    assert.match(out, /^usage: tideway health -f FILE/);
  });
});
