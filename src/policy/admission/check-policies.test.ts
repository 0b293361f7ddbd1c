import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { TidewayError } from '../../core/errors.js';
import type { Manifest } from '../../core/model/manifest.js';
import { refKey, refOf } from '../../core/model/object-ref.js';
import { checkPolicies, describeProblem, policySetOf, type Violation } from './index.js';

interface Case {
  description: string;
  policies: Manifest[];
  params?: Manifest[];
  objects: Manifest[];
  live?: Manifest[];
  expect: string[];
  problems?: string[];
}

const dir = fileURLToPath(new URL('./testdata/', import.meta.url));
const short = (v: Violation) => {
  const ref = v.object.namespace ? `${v.object.kind}/${v.object.namespace}/${v.object.name}` : `${v.object.kind}/${v.object.name}`;
  return `${ref}: ${v.policy}/${v.binding} [${v.actions.join(',')}] ${v.reason}: ${v.message}`;
};

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()) {
  const c = load(readFileSync(dir + file, 'utf8')) as Case;
  test(c.description, () => {
    const set = policySetOf(c.policies.map((object) => ({ object, origin: { file } })));
    assert.deepEqual(
      set.problems.map((p) => describeProblem({ ...p, origin: undefined })),
      c.problems ?? [],
      `${file}: problems`,
    );
    const live = new Map((c.live ?? []).map((o) => [refKey(refOf(o)), o]));
    const violations = checkPolicies(c.objects, set.policies, set.bindings, [...set.params, ...(c.params ?? [])], {
      liveObject: (o) => live.get(refKey(refOf(o))),
    });
    assert.deepEqual(violations.map(short), c.expect, `${file}: violations`);
  });
}

test('all evaluations of one check share a total time limit, past which the check fails with a Timeout', () => {
  const policy = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name: 'slow' },
    spec: {
      matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['*'], resources: ['configmaps'] }] },
      validations: [{ expression: 'object.data.items.all(a, object.data.items.all(b, a + b >= 0))' }],
    },
  } as unknown as Manifest;
  const binding = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: 'slow' },
    spec: { policyName: 'slow', validationActions: ['Deny'] },
  } as unknown as Manifest;
  const set = policySetOf([{ object: policy }, { object: binding }]);
  const items = Array.from({ length: 400 }, (_, i) => i);
  const objects = Array.from(
    { length: 50 },
    (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}` }, data: { items } }) as unknown as Manifest,
  );
  assert.throws(
    () => checkPolicies(objects, set.policies, set.bindings, [], { totalTimeoutMs: 50 }),
    (error: unknown) =>
      error instanceof TidewayError && error.code === 'Timeout' && error.message === 'policy evaluation took longer than 0.05s in total',
  );
});
