import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import type { CommandIO } from '../command-io.js';
import { importCommand } from './import.js';

const plain = (name: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: { name: ${name} }
spec:
  source: { repoURL: https://github.com/example/apps.git, path: ${name} }
  destination: { server: https://kubernetes.default.svc, namespace: ${name} }
`;

function capture(): CommandIO & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    now: () => new Date(0),
    stdout: () => out,
    stderr: () => err,
  };
}

describe('tideway import (command)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tideway-import-cmd-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a directory is read with its subdirectories (not dot-directories); a kind: List is spread; all carried: exit 0 with --check', async () => {
    mkdirSync(path.join(dir, 'tree/nested'), { recursive: true });
    mkdirSync(path.join(dir, 'tree/.git'));
    writeFileSync(path.join(dir, 'tree/a.yaml'), plain('a'));
    writeFileSync(
      path.join(dir, 'tree/nested/list.json'),
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [parseAllDocuments(plain('b'))[0]!.toJS()] }),
    );
    writeFileSync(path.join(dir, 'tree/.git/c.yaml'), 'not: [valid');
    writeFileSync(path.join(dir, 'tree/notes.txt'), 'ignored');
    const io = capture();
    assert.equal(await importCommand([path.join(dir, 'tree')], io), 0, io.stderr());
    assert.deepEqual(
      parseAllDocuments(io.stdout()).map((d) => (d.toJS() as { metadata: { name: string } }).metadata.name),
      ['a', 'b'],
    );
    assert.equal(io.stderr(), '');
    const check = capture();
    assert.equal(await importCommand(['--check', path.join(dir, 'tree')], check), 0);
    assert.equal(check.stdout(), 'every field carries over\n');
  });

  test('--check exits 1 when a field is lost, prints the report (JSON with -o json) and converts nothing', async () => {
    const file = path.join(dir, 'lossy.yaml');
    writeFileSync(file, `${plain('lossy')}  revisionHistoryLimit: 3\n`);
    const io = capture();
    assert.equal(await importCommand(['--check', file], io), 1);
    assert.match(io.stdout(), /^Application lossy \(.*lossy\.yaml:1\):\n {2}lost {5}spec\.revisionHistoryLimit: /);
    assert.doesNotMatch(io.stdout(), /tideway\.dev\/v1alpha1/);
    const json = capture();
    assert.equal(await importCommand(['--check', '-o', 'json', file], json), 1);
    const [report] = JSON.parse(json.stdout()) as { subject: string; findings: { path: string; level: string }[] }[];
    assert.deepEqual(
      report!.findings.map((f) => `${f.level} ${f.path}`),
      ['lost spec.revisionHistoryLimit'],
    );
    const convert = capture();
    assert.equal(await importCommand(['-o', 'json', file], convert), 0, 'without --check the converted app is printed');
    assert.equal((JSON.parse(convert.stdout()) as { kind: string }[])[0]!.kind, 'Application');
    assert.match(convert.stderr(), /spec\.revisionHistoryLimit/);
  });

  test('an object the import does not know exits 2; the others are still printed', async () => {
    const file = path.join(dir, 'mixed.yaml');
    writeFileSync(file, `${plain('ok')}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\n`);
    const io = capture();
    assert.equal(await importCommand([file], io), 2);
    assert.match(io.stderr(), /Deployment web \(.*mixed\.yaml:8\):\n {2}error {4}not an Argo CD or Flux object/);
    assert.match(io.stdout(), /name: ok/);
  });
});
