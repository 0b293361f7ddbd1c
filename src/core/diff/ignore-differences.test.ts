import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Manifest } from '../model/manifest.js';
import {
  fieldsV1Paths,
  ignoredPaths,
  parseJqPath,
  parseJsonPointer,
  rulesFor,
  withLiveValues,
  withoutPaths,
  type IgnoreDifferenceRule,
} from './ignore-differences.js';

const deployment = (replicas: number, image: string, annotations: Record<string, string> = {}): Manifest => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', annotations },
  spec: {
    replicas,
    template: {
      spec: {
        containers: [
          { name: 'main', image },
          { name: 'sidecar', image: 'envoy:1' },
        ],
      },
    },
  },
});

describe('which rules apply to an object', () => {
  const cases: [string, IgnoreDifferenceRule, boolean][] = [
    ['kind and group match', { group: 'apps', kind: 'Deployment' }, true],
    ['no group given matches any group', { kind: 'Deployment' }, true],
    ['another group does not match', { group: 'extensions', kind: 'Deployment' }, false],
    ['the core group is the empty string', { group: '', kind: 'Deployment' }, false],
    ['another name does not match', { kind: 'Deployment', name: 'api' }, false],
    ['the same namespace matches', { kind: 'Deployment', namespace: 'shop' }, true],
    ['another kind does not match', { kind: 'StatefulSet' }, false],
  ];
  for (const [name, rule, expected] of cases) test(name, () => assert.equal(rulesFor(deployment(1, 'a'), [rule]).length === 1, expected));
});

describe('field paths', () => {
  test('JSON pointers unescape ~1 and ~0', () =>
    assert.deepEqual(parseJsonPointer('/metadata/annotations/a~1b~0c'), ['metadata', 'annotations', 'a/b~c']));
  test('a JSON pointer without a leading slash is refused', () => assert.throws(() => parseJsonPointer('spec/replicas'), /JSON pointer/));
  const jq: [string, unknown][] = [
    ['.spec.replicas', ['spec', 'replicas']],
    ['.metadata.annotations["a/b"]', ['metadata', 'annotations', 'a/b']],
    ['.spec.template.spec.containers[].image', ['spec', 'template', 'spec', 'containers', { each: true }, 'image']],
    ['.spec.ports[0].nodePort', ['spec', 'ports', 0, 'nodePort']],
  ];
  for (const [expr, path] of jq) test(`the jq path ${expr} is read`, () => assert.deepEqual(parseJqPath(expr), path));
  test('jq beyond paths is refused with what is read', () =>
    assert.throws(() => parseJqPath('.spec.containers[] | select(.name == "a")'), /only paths are read/));
  test('fieldsV1 lists keys, keyed list items and leaves', () =>
    assert.deepEqual(
      fieldsV1Paths({
        'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"main"}': { '.': {}, 'f:image': {} } } } } },
      }),
      [
        ['spec', 'replicas'],
        ['spec', 'template', 'spec', 'containers', { match: { name: 'main' } }, 'image'],
      ],
    ));
});

describe('ignored fields are left out of comparisons', () => {
  test('an ignored pointer, jq path and every container image are removed from a copy', () => {
    const rules: IgnoreDifferenceRule[] = [
      { kind: 'Deployment', jsonPointers: ['/spec/replicas'], jqPathExpressions: ['.spec.template.spec.containers[].image'] },
    ];
    const d = deployment(3, 'web:2');
    const stripped = withoutPaths(d, ignoredPaths(d, undefined, rules));
    assert.deepEqual((stripped.spec as Record<string, unknown>).replicas, undefined);
    assert.deepEqual((stripped.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers, [
      { name: 'main' },
      { name: 'sidecar' },
    ]);
    assert.equal((d.spec as Record<string, unknown>).replicas, 3, 'the original is untouched');
  });

  test('fields a named manager owns live are ignored, matched by list item keys', () => {
    const live = deployment(5, 'web:patched');
    (live.metadata as Record<string, unknown>).managedFields = [
      { manager: 'hpa-controller', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
      { manager: 'tideway', fieldsV1: { 'f:spec': { 'f:template': {} } } },
    ];
    const paths = ignoredPaths(deployment(3, 'web:2'), live, [{ kind: 'Deployment', managedFieldsManagers: ['hpa-controller'] }]);
    assert.deepEqual(paths, [['spec', 'replicas']]);
  });

  test('RespectIgnoreDifferences keeps the live value of an ignored field, and leaves out one live lacks', () => {
    const desired = deployment(3, 'web:2', { team: 'a' });
    const live = deployment(7, 'web:1');
    const paths = ignoredPaths(desired, live, [
      {
        kind: 'Deployment',
        jsonPointers: ['/spec/replicas', '/metadata/annotations/team'],
        jqPathExpressions: ['.spec.template.spec.containers[].image'],
      },
    ]);
    const kept = withLiveValues(desired, live, paths);
    assert.equal((kept.spec as Record<string, unknown>).replicas, 7);
    assert.deepEqual(kept.metadata.annotations, {});
    assert.deepEqual(
      (kept.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers.map((c) => c.image),
      ['web:1', 'envoy:1'],
    );
  });
});
