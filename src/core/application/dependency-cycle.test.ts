import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeCycle, findDependencyCycle } from './dependency-cycle.js';
import { resolveApplication } from './resolve-application.js';

const app = (name: string, ...deps: string[]) => ({ name, dependsOn: deps.map((d) => ({ name: d })) });

describe('dependency cycles between apps', () => {
  const cases: Array<[string, ReturnType<typeof app>[], string[] | undefined]> = [
    ['a chain has no cycle', [app('a'), app('b', 'a'), app('c', 'b')], undefined],
    ['two apps waiting for each other are a cycle', [app('a', 'b'), app('b', 'a')], ['a', 'b', 'a']],
    [
      'a longer cycle is named along its path',
      [app('web', 'api'), app('api', 'db'), app('db', 'web'), app('other', 'db')],
      ['api', 'db', 'web', 'api'],
    ],
    ['a dependency on an app that does not exist is no cycle', [app('a', 'ghost')], undefined],
    ['a diamond is no cycle', [app('top', 'l', 'r'), app('l', 'base'), app('r', 'base'), app('base')], undefined],
  ];
  for (const [name, apps, cycle] of cases) test(name, () => assert.deepEqual(findDependencyCycle(apps), cycle));

  test('the refusal names the cycle', () =>
    assert.match(describeCycle(['a', 'b', 'a']), /^dependency cycle: a -> b -> a \(spec\.dependsOn\)/));
});

describe('spec.dependsOn', () => {
  const manifest = (dependsOn: unknown) => ({
    apiVersion: 'tideway.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'web' },
    spec: { source: { repoURL: 'https://example.com/r.git', path: '.' }, destination: { namespace: 'web' }, dependsOn },
  });
  test('is read as a list of names, with an optional namespace', () =>
    assert.deepEqual(resolveApplication(manifest([{ name: 'db' }, { name: 'cache', namespace: 'infra' }])).dependsOn, [
      { name: 'db' },
      { name: 'cache', namespace: 'infra' },
    ]));
  const refusals: Array<[string, unknown, RegExp]> = [
    ['a mapping instead of a list', { name: 'db' }, /spec\.dependsOn: must be a list/],
    ['an entry without a name', [{ namespace: 'x' }], /spec\.dependsOn\[0\]\.name/],
    ['the app itself', [{ name: 'web' }], /spec\.dependsOn\[0\]\.name: an application cannot depend on itself/],
    ['a name listed twice', [{ name: 'db' }, { name: 'db' }], /spec\.dependsOn\[1\]\.name: db is listed twice/],
    ['an unknown field', [{ name: 'db', kind: 'App' }], /spec\.dependsOn\[0\]\.kind/],
  ];
  for (const [name, value, message] of refusals)
    test(`refuses ${name}, naming the field`, () => assert.throws(() => resolveApplication(manifest(value)), message));
});
