import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { ValidationError } from '../errors.js';
import { resolveProject } from './resolve-project.js';

const head = 'apiVersion: tideway.dev/v1alpha1\nkind: Project\nmetadata: { name: team-a }\n';

describe('resolveProject', () => {
  test('an empty spec allows nothing: no repository, no destination, no cluster-scoped kind, no permission', () => {
    assert.deepEqual(resolveProject(parse(head)), {
      name: 'team-a',
      sourceRepos: [],
      destinations: [],
      clusterResourceWhitelist: [],
      clusterResourceBlacklist: [],
      namespaceResourceWhitelist: [],
      namespaceResourceBlacklist: [],
      parentProjects: [],
      sourceNamespaces: [],
      permissions: {
        localSources: false,
        helmLookup: false,
        hooks: false,
        hostServices: false,
        execProbes: false,
        loaderEnv: false,
        remoteProbes: false,
      },
    });
  });

  test('destinations default to kubernetes and * patterns; the core group is ""', () => {
    const p = resolveProject(
      parse(
        `${head}spec:\n  destinations: [{ namespace: "team-a-*" }, { target: host }]\n  clusterResourceWhitelist: [{ group: "", kind: Namespace }]\n  permissions: { hostServices: true }\n`,
      ),
    );
    assert.deepEqual(p.destinations, [
      { target: 'kubernetes', context: '*', server: '*', name: '*', namespace: 'team-a-*' },
      { target: 'host', context: '*', server: '*', name: '*', namespace: '*' },
    ]);
    assert.deepEqual(p.clusterResourceWhitelist, [{ group: '', kind: 'Namespace' }]);
    assert.equal(p.permissions.hostServices, true);
  });

  const invalid: [string, string, string][] = [
    ['an unknown spec field', 'spec: { sourceRepo: ["*"] }', 'spec.sourceRepo: unknown field'],
    ['a sourceRepos that is not a list', 'spec: { sourceRepos: "*" }', 'spec.sourceRepos: must be a list (got a string)'],
    [
      'a destination with an unknown target',
      'spec: { destinations: [{ target: vm }] }',
      'spec.destinations[0].target: must be "kubernetes" or "host" (got "vm")',
    ],
    [
      'a host destination with a namespace',
      'spec: { destinations: [{ target: host, namespace: x }] }',
      'spec.destinations[0].namespace: is not used with target "host"',
    ],
    [
      'a kind rule without a group',
      'spec: { clusterResourceWhitelist: [{ kind: Namespace }] }',
      'spec.clusterResourceWhitelist[0].group: is required',
    ],
    [
      'a permission that is not a boolean',
      'spec: { permissions: { hostServices: "yes" } }',
      'spec.permissions.hostServices: must be true or false (got a string)',
    ],
    ['an unknown permission', 'spec: { permissions: { root: true } }', 'spec.permissions.root: unknown field'],
  ];
  for (const [name, yaml, message] of invalid) {
    test(`${name} is refused naming the field`, () => {
      assert.throws(
        () => resolveProject(parse(`${head}${yaml}\n`)),
        (e: unknown) => e instanceof ValidationError && e.message.startsWith(message),
      );
    });
  }

  test('a bad name is refused', () => {
    assert.throws(() => resolveProject(parse(head.replace('team-a', 'Team_A'))), /metadata\.name/);
  });
});
