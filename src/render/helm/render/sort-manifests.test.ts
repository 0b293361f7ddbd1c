import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManifestParseError, sortManifests, splitManifests } from './sort-manifests.js';

describe('manifest sorting (releaseutil.SortManifests)', () => {
  test('splits on --- lines and drops empty documents', () => {
    assert.deepEqual(splitManifests('---\na: 1\n---\nb: 2\n---   \n\n'), ['a: 1', 'b: 2']);
  });

  test('orders by kind in install order, keeping file order within a kind, unknown kinds last', () => {
    const files = new Map([
      ['c/templates/b.yaml', 'kind: Deployment\nmetadata:\n  name: d\n---\nkind: Widget\nmetadata:\n  name: w'],
      ['c/templates/a.yaml', 'kind: Service\nmetadata:\n  name: s\n---\nkind: Namespace\nmetadata:\n  name: n'],
      ['c/templates/_helpers.tpl', 'kind: Secret'],
      ['c/templates/empty.yaml', '  \n'],
    ]);
    const { manifests } = sortManifests(files);
    assert.deepEqual(
      manifests.map((m) => m.kind),
      ['Namespace', 'Service', 'Deployment', 'Widget'],
    );
  });

  test('sets hooks apart with their events and weight, and skips unknown hooks', () => {
    const files = new Map([
      [
        'c/templates/t.yaml',
        'kind: Pod\nmetadata:\n  name: t\n  annotations:\n    helm.sh/hook: test-success\n    helm.sh/hook-weight: "5"\n---\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: bogus',
      ],
    ]);
    const { hooks, manifests } = sortManifests(files);
    assert.equal(manifests.length, 0);
    assert.deepEqual(
      hooks.map((h) => [h.kind, h.events, h.weight]),
      [['Pod', ['test'], 5]],
    );
  });

  test('names the file of a document that is not YAML', () => {
    assert.throws(
      () => sortManifests(new Map([['c/templates/x.yaml', 'a: [1\n']])),
      (e) => e instanceof ManifestParseError && /YAML parse error on c\/templates\/x.yaml/.test(e.message),
    );
  });
});
