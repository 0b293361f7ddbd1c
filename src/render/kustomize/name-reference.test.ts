import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RenderError } from '../../core/errors.js';
import { fixNameReferences, sameEnding } from './name-reference.js';
import { parseResources } from './resource-factory.js';
import { ResourceMap } from './resource-map.js';
import type { Resource } from './resource.js';
import { defaultTransformerConfig } from './transformer-config.js';

function build(yaml: string, rename: (r: Resource) => void): ResourceMap {
  const m = new ResourceMap();
  for (const r of parseResources(yaml, 'test.yaml')) {
    rename(r);
    m.append(r);
  }
  return m;
}

function prefix(p: string) {
  return (r: Resource) => {
    r.storePreviousId();
    r.prefixes.push(p);
    r.name = p + r.name;
  };
}

const pod = `apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
---
apiVersion: v1
kind: Secret
metadata: {name: settings}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: web
        envFrom:
        - configMapRef: {name: settings}
        - secretRef: {name: settings}
      volumes:
      - name: v
        configMap: {name: settings}
      - name: unrelated
        configMap: {name: not-in-the-build}
`;

describe('name references', () => {
  test('follow renamed ConfigMaps and Secrets by kind, leaving unknown names alone', () => {
    const m = build(pod, prefix('p-'));
    fixNameReferences(m, defaultTransformerConfig().nameReference, 'kustomization.yaml');
    const spec = (m.resources()[2].obj.spec as any).template.spec;
    assert.deepEqual(spec.containers[0].envFrom, [{ configMapRef: { name: 'p-settings' } }, { secretRef: { name: 'p-settings' } }]);
    assert.equal(spec.volumes[0].configMap.name, 'p-settings');
    assert.equal(spec.volumes[1].configMap.name, 'not-in-the-build');
  });

  test('only consider objects of the referrer namespace (cluster-scoped ones always)', () => {
    const yaml = `apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: a}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: b}
---
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: b}
spec:
  volumes:
  - name: v
    configMap: {name: settings}
`;
    const m = build(yaml, (r) => {
      r.storePreviousId();
      r.name = `${r.name}-${r.namespace}`;
    });
    fixNameReferences(m, defaultTransformerConfig().nameReference, 'kustomization.yaml');
    assert.equal((m.resources()[2].obj.spec as any).volumes[0].configMap.name, 'settings-b');
  });

  test('set name and namespace of RBAC subjects', () => {
    const yaml = `apiVersion: v1
kind: ServiceAccount
metadata: {name: robot, namespace: ops}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: b}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
subjects:
- {kind: ServiceAccount, name: robot, namespace: ops}
`;
    const m = build(yaml, prefix('x-'));
    fixNameReferences(m, defaultTransformerConfig().nameReference, 'kustomization.yaml');
    assert.deepEqual(m.resources()[1].obj.subjects, [{ kind: 'ServiceAccount', name: 'x-robot', namespace: 'ops' }]);
  });

  test('refuse a reference that two different objects could satisfy', () => {
    const yaml = `apiVersion: v1
kind: ConfigMap
metadata: {name: one}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: two}
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  volumes:
  - {name: v, configMap: {name: shared}}
`;
    const m = build(yaml, (r) => {
      if (r.kind !== 'ConfigMap') return;
      const original = r.name;
      r.name = 'shared';
      r.storePreviousId();
      r.name = original;
    });
    assert.throws(
      () => fixNameReferences(m, defaultTransformerConfig().nameReference, 'kustomization.yaml'),
      (e: unknown) => e instanceof RenderError && /multiple possible referrals/.test(e.message),
    );
  });

  test('compare prefix and suffix lists from their ends', () => {
    assert.equal(sameEnding(['a', 'b'], ['b']), true);
    assert.equal(sameEnding(['a', 'b'], ['a']), false);
    assert.equal(sameEnding([], []), true);
    assert.equal(sameEnding([], ['a']), false);
  });
});
