/**
 * `tideway render` as users run it: `node bin/tideway.js render ...` as a child process (the bundle
 * `npm test` builds first), on directories made here. No cluster.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/tideway.js');

function tideway(cwd: string, ...argv: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...argv], {
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, TIDEWAY_DEBUG: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tideway render', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tideway-render-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test('a missing directory is one line saying so, for a plain render and with --kustomize', () => {
    for (const argv of [
      ['render', 'nope'],
      ['render', '--kustomize', 'nope/deeper'],
      ['render', '--root', 'gone', '.'],
    ]) {
      const r = tideway(tmp, ...argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.equal(r.stdout, '');
      const missing = argv.includes('--root') ? 'gone' : argv[argv.length - 1];
      assert.equal(
        r.stderr,
        `tideway render: ${missing}: no such directory (${argv.includes('--root') ? '--root' : 'DIR'}) [RenderFailed]\n`,
        argv.join(' '),
      );
    }
  });

  test('a file where a directory is expected says so', () => {
    writeFileSync(path.join(tmp, 'file.yaml'), 'a: 1\n');
    const r = tideway(tmp, 'render', 'file.yaml');
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      'tideway render: file.yaml: not a directory (DIR); to render an Application file use -f file.yaml [RenderFailed]\n',
    );
  });

  test('a YAML error in a kustomization resource names the line of the unterminated flow sequence', () => {
    const dir = path.join(tmp, 'kust');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources:\n- cm.yaml\n');
    writeFileSync(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: [a, b\n  y: "1"\n');
    const r = tideway(tmp, 'render', 'kust');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^tideway render: \S*kust\/cm\.yaml:6: invalid YAML: the flow sequence opened on line 6 is not closed/);
    assert.equal(r.stderr.split('\n').length, 2, 'one line');
  });

  test('deprecated kustomization fields are warned about on stderr as kustomize words it, and the render succeeds', () => {
    const dir = path.join(tmp, 'deprecated');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'kustomization.yaml'), 'commonLabels:\n  team: blue\nresources:\n- cm.yaml\n');
    writeFileSync(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
    const r = tideway(tmp, 'render', 'deprecated');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stderr,
      "# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically.\n",
    );
    assert.equal(r.stdout, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    team: blue\n  name: a\n');
  });
});
