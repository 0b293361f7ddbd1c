import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import type { Manifest } from '../../core/model/manifest.js';
import { availableKubeVersions, loadKubeSchemas, pickKubeVersion } from '../kube-schemas.js';
import { validateSchemas, type SchemaViolation } from './index.js';

const dir = fileURLToPath(new URL('./testdata/', import.meta.url));
const short = (v: SchemaViolation) => {
  const ref = v.object.namespace ? `${v.object.kind}/${v.object.namespace}/${v.object.name}` : `${v.object.kind}/${v.object.name}`;
  return v.field ? `${ref}: ${v.field}: ${v.message}` : `${ref}: ${v.message}`;
};

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()) {
  const c = load(readFileSync(dir + file, 'utf8')) as { description: string; objects: Manifest[]; expect: string[] };
  test(c.description, () => {
    const violations = validateSchemas(
      c.objects.map((object) => ({ object })),
      loadKubeSchemas('1.34'),
    );
    assert.deepEqual(violations.map(short), c.expect, file);
  });
}

test('the schemas generated from both API servers are there, each well under 2 MB', () => {
  assert.deepEqual(availableKubeVersions(), ['1.20', '1.34']);
  for (const version of availableKubeVersions()) {
    const schemas = loadKubeSchemas(version);
    assert.equal(schemas.version, version);
    assert.ok(schemas.kinds['apps/v1/Deployment'], version);
    const size = readFileSync(fileURLToPath(new URL(`../schemas/k8s-v${version}.json.gz`, import.meta.url))).length;
    assert.ok(size < 2_000_000, `${version}: ${size} bytes`);
  }
});

test('the version picked is the one asked for, else the nearest, and a malformed one is refused', () => {
  assert.deepEqual(pickKubeVersion(undefined), { version: '1.34', substituted: false });
  assert.deepEqual(pickKubeVersion('v1.20.2'), { version: '1.20', substituted: false });
  assert.deepEqual(pickKubeVersion('1.31'), { version: '1.34', substituted: true });
  assert.deepEqual(pickKubeVersion('1.22'), { version: '1.20', substituted: true });
  assert.throws(() => pickKubeVersion('latest'), /--kube-version: "latest" is not a version like 1.34/);
});

test('the Kubernetes version decides: a field newer than 1.20 is unknown there, and missing schemas can be ignored', () => {
  // Pod.spec.os came in 1.23; ValidatingAdmissionPolicy in 1.26 (v1 in 1.30).
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { os: { name: 'linux' }, containers: [{ name: 'c', image: 'x' }] },
  } as Manifest;
  const vap = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name: 'v' },
    spec: {},
  } as Manifest;
  assert.deepEqual(validateSchemas([{ object: pod }, { object: vap }], loadKubeSchemas('1.34')).map(short), []);
  assert.deepEqual(validateSchemas([{ object: pod }, { object: vap }], loadKubeSchemas('1.20')).map(short), [
    'Pod/p: spec.os: unknown field',
    'ValidatingAdmissionPolicy/v: no schema for admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy in Kubernetes 1.20 or the CustomResourceDefinitions rendered',
  ]);
  assert.deepEqual(validateSchemas([{ object: vap }], loadKubeSchemas('1.20'), { ignoreMissingSchemas: true }), []);
});
