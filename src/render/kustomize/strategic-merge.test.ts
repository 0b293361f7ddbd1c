import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BUILTIN_SCHEMA, CustomSchema } from './openapi-schema.js';
import { MergeError, strategicMerge } from './strategic-merge.js';
import { parseYamlDocument } from './yaml-io.js';

const y = (text: string) => parseYamlDocument(text, 'test.yaml') as Record<string, unknown>;

const deployment = (spec: string) => y(`apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\nspec:\n${spec}`);

interface Case {
  name: string;
  dest: string;
  patch: string;
  want: string;
}

const cases: Case[] = [
  {
    name: 'merges containers by name, patch elements first',
    dest: '  template:\n    spec:\n      containers:\n      - {name: a, image: a:1}\n      - {name: b, image: b:1}\n',
    patch: '  template:\n    spec:\n      containers:\n      - {name: b, image: b:2}\n      - {name: c, image: c:1}\n',
    want: '  template:\n    spec:\n      containers:\n      - {name: b, image: b:2}\n      - {name: c, image: c:1}\n      - {name: a, image: a:1}\n',
  },
  {
    name: 'deletes a list element with $patch: delete',
    dest: '  template:\n    spec:\n      containers:\n      - {name: a, image: a:1}\n      - {name: b, image: b:1}\n',
    patch: '  template:\n    spec:\n      containers:\n      - {name: a, $patch: delete}\n',
    want: '  template:\n    spec:\n      containers:\n      - {name: b, image: b:1}\n',
  },
  {
    name: 'replaces a map with $patch: replace and a list with a {$patch: replace} element',
    dest: '  template:\n    spec:\n      nodeSelector: {a: "1", b: "2"}\n      volumes:\n      - {name: x}\n      - {name: y}\n',
    patch:
      '  template:\n    spec:\n      nodeSelector: {$patch: replace, c: "3"}\n      volumes:\n      - $patch: replace\n      - {name: z}\n',
    want: '  template:\n    spec:\n      nodeSelector: {c: "3"}\n      volumes:\n      - {name: z}\n',
  },
  {
    name: 'removes fields set to null',
    dest: '  replicas: 3\n  paused: true\n',
    patch: '  replicas: null\n',
    want: '  paused: true\n',
  },
  {
    // With several merge keys kyaml re-appends the original elements in their own order (checked with kubectl).
    name: 'merges container ports on containerPort and protocol: new ports first, then the originals in order',
    dest: '  template:\n    spec:\n      containers:\n      - name: a\n        ports:\n        - {containerPort: 80, protocol: TCP}\n        - {containerPort: 81, protocol: TCP}\n',
    patch:
      '  template:\n    spec:\n      containers:\n      - name: a\n        ports:\n        - {containerPort: 81, protocol: TCP, name: web}\n        - {containerPort: 82, protocol: TCP}\n',
    want: '  template:\n    spec:\n      containers:\n      - name: a\n        ports:\n        - {containerPort: 82, protocol: TCP}\n        - {containerPort: 80, protocol: TCP}\n        - {containerPort: 81, protocol: TCP, name: web}\n',
  },
  {
    name: 'replaces lists without a merge strategy (tolerations, args)',
    dest: '  template:\n    spec:\n      tolerations: [{key: a}]\n      containers:\n      - {name: a, args: [x, y]}\n',
    patch: '  template:\n    spec:\n      tolerations: [{key: b}]\n      containers:\n      - {name: a, args: [z]}\n',
    want: '  template:\n    spec:\n      tolerations: [{key: b}]\n      containers:\n      - {name: a, args: [z]}\n',
  },
];

describe('strategic merge (kyaml merge2 semantics)', () => {
  for (const c of cases) {
    test(c.name, () => {
      const got = strategicMerge(deployment(c.dest), deployment(c.patch), BUILTIN_SCHEMA);
      assert.deepEqual(got, deployment(c.want));
    });
  }

  test('unions primitive lists with a merge strategy (finalizers), patch values first', () => {
    const dest = y('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  finalizers: [a, b]\n');
    const patch = y('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  finalizers: [c, a]\n');
    assert.deepEqual((strategicMerge(dest, patch, BUILTIN_SCHEMA)!.metadata as Record<string, unknown>).finalizers, ['c', 'a', 'b']);
  });

  test('deletes the whole object with a top-level $patch: delete', () => {
    assert.equal(
      strategicMerge(
        deployment('  replicas: 1\n'),
        y('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\n$patch: delete\n'),
        BUILTIN_SCHEMA,
      ),
      undefined,
    );
  });

  test('replaces lists of unknown kinds, but merges them when a custom schema gives a merge key', () => {
    const cr = (items: string) => y(`apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  parts:\n${items}`);
    const dest = cr('  - {name: a, size: 1}\n');
    const patch = cr('  - {name: b, size: 2}\n');
    assert.deepEqual(strategicMerge(structuredClone(dest), structuredClone(patch), BUILTIN_SCHEMA), cr('  - {name: b, size: 2}\n'));
    const schema = new CustomSchema({
      definitions: {
        widget: {
          'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'Widget' }],
          properties: {
            spec: {
              properties: {
                parts: {
                  type: 'array',
                  items: { type: 'object' },
                  'x-kubernetes-patch-strategy': 'merge',
                  'x-kubernetes-patch-merge-key': 'name',
                },
              },
            },
          },
        },
      },
    });
    assert.deepEqual(strategicMerge(dest, patch, schema), cr('  - {name: b, size: 2}\n  - {name: a, size: 1}\n'));
  });

  test('refuses a patch whose shape does not match the object', () => {
    assert.throws(() => strategicMerge(deployment('  replicas: 1\n'), deployment('  replicas: {a: 1}\n'), BUILTIN_SCHEMA), MergeError);
  });

  test('refuses an unknown $patch directive', () => {
    assert.throws(
      () => strategicMerge(deployment('  template: {a: 1}\n'), deployment('  template: {$patch: nonsense}\n'), BUILTIN_SCHEMA),
      /unknown patch strategy/,
    );
  });
});
